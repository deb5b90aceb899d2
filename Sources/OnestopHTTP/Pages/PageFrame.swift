import Mustache

/// What every page shows around its own content: the language and its words, the page's title, the
/// link to the same page in the other language and, in the console, who is signed in and where they may go.
struct PageFrame: MustacheParent {
    var language: PageLanguage
    var words: PageWords
    var title: String
    var switchLanguageURL: String
    var console: ConsoleNavigation?
    /// The token every console form carries.
    var csrf: String?

    func child(named name: String) -> Any? {
        switch name {
        case "lang": language.tag
        case "otherLang": language.other.tag
        case "text": words
        case "title": title
        case "langQuery": language.query
        case "switchLanguageURL": switchLanguageURL
        case "english": language == .en
        case "console": console.orMissing
        case "csrf": csrf.orMissing
        default: PageNames.unknown(name, in: "page")
        }
    }
}
