import Mustache

/// A problem shown to a browser: what went wrong, what to do, and the id to quote when asking for help.
struct ErrorPage: PageModel {
    static let template = PageTemplate.error

    var frame: PageFrame
    var detail: String
    var requestID: String

    init(language: PageLanguage, title: String, detail: String, requestID: String) {
        frame = PageFrame(language: language, words: PageWords(language, site: nil), title: title, switchLanguageURL: "/")
        self.detail = detail
        self.requestID = requestID
    }

    func child(named name: String) -> Any? {
        switch name {
        case "detail": detail
        case "requestID": requestID
        default: frame.child(named: name)
        }
    }
}
