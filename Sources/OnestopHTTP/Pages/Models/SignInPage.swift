import Mustache

/// The console's sign-in form: one key, exchanged for a session.
struct SignInPage: PageModel {
    static let template = PageTemplate.consoleSignIn

    var frame: PageFrame
    /// Where to go once signed in: a path on this server.
    var next: String
    var error: String?

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "next": return next
        case "error": return error.orMissing
        case "hasError": return error != nil
        case "heading": return language.say("服务站与平台控制台", "Console for stations and platform staff")
        case "intro":
            return language.say(
                "请输入平台发给您的访问密钥（以 ost_ 开头）。登录后 8 小时内有效，用完请退出。",
                "Enter the access key the platform gave you (it starts with ost_). You stay signed in for 8 hours; sign out when you are done.")
        case "keyLabel": return language.say("访问密钥", "Access key")
        case "signIn": return language.say("登录", "Sign in")
        default: return frame.child(named: name)
        }
    }
}
