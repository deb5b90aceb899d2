import Foundation

/// A paged list on a page: which page `?page=` asks for (`PageLinks` are the links around it).
enum Paging {
    /// The page asked for, 1 when missing; a 400 naming `page` when it is not a whole number from 1 to 10,000.
    static func number(_ text: String?) throws -> Int {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return 1 }
        guard let number = Int(text), (1...10_000).contains(number) else {
            throw APIError.invalidParameter("page", zh: "应为 1 至 10000 之间的整数", en: "must be a whole number from 1 to 10000")
        }
        return number
    }
}
