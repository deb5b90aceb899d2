import OnestopCommands

@main
struct Onestop {
    static func main() async {
        await OnestopCommand.main()
    }
}
