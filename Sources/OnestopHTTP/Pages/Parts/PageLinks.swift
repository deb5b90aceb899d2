import Mustache

/// `第 2 / 5 页` and the links to the pages before and after (the `pages` partial).
struct PageLinks: MustacheParent {
    var label: String
    var previousURL: String?
    var nextURL: String?

    /// The links of page `number` of `total` items, `perPage` to a page; `link` makes the link to a page.
    /// A page past the end links back to the last one.
    init(number: Int, total: Int, perPage: Int, language: PageLanguage, link: (Int) -> String) {
        let pages = max(1, (total + perPage - 1) / perPage)
        label = language.say("第 \(number) / \(pages) 页", "Page \(number) of \(pages)")
        previousURL = number > 1 ? link(min(number - 1, pages)) : nil
        nextURL = number < pages ? link(number + 1) : nil
    }

    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "previousURL": previousURL.orMissing
        case "nextURL": nextURL.orMissing
        default: nil
        }
    }
}
