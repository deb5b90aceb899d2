import Mustache

/// The words every page may use, in the page's language (`{{text.fee}}`), with the site's name.
struct PageWords: MustacheParent {
    private let words: [String: String]
    /// The site's name from the catalog's top region, when it has one: 六安市一站式质量服务.
    private let site: String?

    init(_ language: PageLanguage, site: String?) {
        words = language.text
        self.site = site
    }

    func child(named name: String) -> Any? {
        if name == "site", let site { return site }
        guard let word = words[name] else {
            PageNames.unknown(name, in: "text")
            return nil
        }
        return word
    }
}
