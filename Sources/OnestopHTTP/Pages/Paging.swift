import Foundation

/// A paged list on a page: which page `?page=` asks for, and the words and links around it.
enum Paging {
    /// The page asked for, 1 when missing; a 400 naming `page` when it is not a whole number from 1 to 10,000.
    static func number(_ text: String?) throws -> Int {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return 1 }
        guard let number = Int(text), (1...10_000).contains(number) else {
            throw APIError.invalidParameter("page", zh: "应为 1 至 10000 之间的整数", en: "must be a whole number from 1 to 10000")
        }
        return number
    }

    /// `第 2 / 5 页` and the previous and next links (`link` makes the link to a page), into `page`.
    /// A page past the end links back to the last one.
    static func add(to page: inout [String: Any], number: Int, total: Int, perPage: Int, language: PageLanguage, link: (Int) -> String) {
        let pages = max(1, (total + perPage - 1) / perPage)
        page["pageLabel"] = language.say("第 \(number) / \(pages) 页", "Page \(number) of \(pages)")
        if number > 1 { page["previousURL"] = link(min(number - 1, pages)) }
        if number < pages { page["nextURL"] = link(number + 1) }
    }
}
