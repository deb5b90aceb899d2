import Foundation
import Hummingbird
import OnestopDomain

/// A request's query read as browsers write it (`application/x-www-form-urlencoded`): `+` is a space and
/// `%XX` a byte of UTF-8. Hummingbird's `queryParameters` leaves `+` as it is, so "茶叶 检测" typed into a
/// search form would be read as "茶叶+检测".
struct QueryString: Sequence {
    /// Every name and value in order, repeats included.
    let pairs: [(name: String, value: String)]
    /// The first part that is not valid percent-encoded UTF-8 or holds NUL, left out of `pairs`.
    let malformed: Substring?

    init(_ request: Request) {
        self.init(encoded: request.uri.query ?? "")
    }

    init(encoded: String) {
        var pairs: [(name: String, value: String)] = []
        var malformed: Substring?
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let sides = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(sides[0]), let value = Self.decode(sides.count > 1 ? sides[1] : "") else {
                if malformed == nil { malformed = part }
                continue
            }
            pairs.append((name, value))
        }
        self.pairs = pairs
        self.malformed = malformed
    }

    /// The longest query, as sent, that any page or call needs: a search of 200 Chinese characters is
    /// under 2 KB percent-encoded.
    static let maxEncodedLength = 4096

    /// Refuses, on every route, a query nothing could mean: over ``maxEncodedLength`` (414), not valid
    /// percent-encoded UTF-8, or holding control, line-break or bidirectional characters (400, naming
    /// the parameter). What each route then makes of the values is its own business.
    static func screen(_ request: Request) throws {
        guard let encoded = request.uri.query, !encoded.isEmpty else { return }
        guard encoded.utf8.count <= maxEncodedLength else { throw APIError.uriTooLong }
        let query = QueryString(encoded: encoded)
        if query.malformed != nil { throw malformedError }
        let rule = TextRule.line(maxEncodedLength)
        for (name, value) in query {
            if case .failure(let problem) = rule.check(name) {
                throw APIError.invalidParameter("query", zh: "参数名\(problem.zh)", en: "a parameter's name \(problem.en)")
            }
            if case .failure(let problem) = rule.check(value) {
                throw APIError.invalidParameter(name, zh: problem.zh, en: problem.en)
            }
        }
    }

    /// The answer to a query with a part that is not valid percent-encoded UTF-8.
    static var malformedError: APIError {
        .invalidParameter("query", zh: "地址中的参数不是有效的百分号编码 UTF-8", en: "is not valid percent-encoded UTF-8")
    }

    /// The first value given for `name`.
    subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// The first value of `name` as a page's filter reads it: trimmed, cut to `maxLength`, nil when empty.
    func filter(_ name: String, maxLength: Int) -> String? {
        self[name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(maxLength)) }
    }

    func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
        pairs.makeIterator()
    }

    /// One name or value decoded; nil when it is not valid percent-encoded UTF-8 or holds NUL.
    static func decode(_ part: Substring) -> String? {
        guard let text = String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding, !text.utf8.contains(0) else {
            return nil
        }
        return text
    }
}
