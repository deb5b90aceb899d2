import Mustache

/// The words every page may use, in the page's language (`{{text.fee}}`), with the site's name.
struct PageWords: MustacheParent {
    private var words: [String: String]

    init(_ language: PageLanguage, site: String?) {
        words = language.text
        if let site { words["site"] = site }
    }

    subscript(_ name: String) -> String { words[name] ?? "" }

    func child(named name: String) -> Any? {
        guard let word = words[name] else {
            PageNames.unknown(name, in: "text")
            return nil
        }
        return word
    }
}
