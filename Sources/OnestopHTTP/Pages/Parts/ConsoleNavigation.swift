import Mustache

/// The console's bar: the sections this key may open, who is signed in, and sign-out.
struct ConsoleNavigation: MustacheParent {
    struct Link: MustacheParent {
        var url: String
        var label: String
        var current: Bool

        func child(named name: String) -> Any? {
            switch name {
            case "url": url
            case "label": label
            case "current": current
            default: nil
            }
        }
    }

    var links: [Link]
    var who: String
    var signOut: String
    var label: String

    func child(named name: String) -> Any? {
        switch name {
        case "links": links
        case "who": who
        case "signOut": signOut
        case "label": label
        default: nil
        }
    }
}
