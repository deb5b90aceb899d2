import NIOCore
import NIOPosix
import OnestopCommands

@main
struct Onestop {
    static func main() async {
        // Tasks run on the same event loop threads that serve the connections: no hop to a second pool
        // of threads for every request. Measured on the search page under load in Tools/bench-pages.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        await OnestopCommand.main()
    }
}
