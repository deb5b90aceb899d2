import Foundation

/// How catalog text and queries are normalised and cut into searchable pieces.
///
/// Text is folded with NFKC (full-width `ＣＮＡＳ` becomes `cnas`) and lowercased, then split into runs
/// of letters and digits; punctuation and spaces separate runs. Chinese has no spaces between words,
/// so a query term matches any substring of a run. Stores index every one- and two-character piece
/// of each run (so 茶 and 计量 are found from an index) and match longer terms by substring.
public enum SearchText {
    /// Which part of a service a term matched; lower ranks higher.
    public enum Field: Int, Sendable, Comparable, CaseIterable {
        case name = 0
        case keyword = 1
        case description = 2

        public static func < (lhs: Field, rhs: Field) -> Bool { lhs.rawValue < rhs.rawValue }

        /// The score a match in this field adds; one name match outweighs any number of lesser ones
        /// in queries of up to nine terms.
        public var weight: Int {
            switch self {
            case .name: 100
            case .keyword: 10
            case .description: 1
            }
        }
    }

    /// The longest term the n-gram index answers by itself; longer terms use substring search.
    public static let maxGramLength = 2
    /// Queries with more terms than this are refused.
    public static let maxTerms = 8

    public static func normalize(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
    }

    /// Runs of letters and digits in normalised text.
    public static func runs(_ text: String) -> [String] {
        normalize(text)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }

    /// The distinct terms of a query, in order. All must match (AND).
    public static func terms(_ query: String) -> [String] {
        var seen: Set<String> = []
        return runs(query).filter { seen.insert($0).inserted }
    }

    /// The distinct two-character pieces of a term, in order.
    public static func bigrams(_ term: String) -> [String] {
        let characters = Array(term)
        guard characters.count >= 2 else { return [term] }
        var seen: Set<String> = []
        return (0..<(characters.count - 1)).map { String(characters[$0...($0 + 1)]) }.filter { seen.insert($0).inserted }
    }

    /// How many of a long term's two-character pieces a relaxed match needs: all of one or two,
    /// at least half of more.
    public static func relaxedMinimum(_ pieces: Int) -> Int {
        pieces <= 2 ? pieces : (pieces + 1) / 2
    }

    /// Every piece of one to `maxGramLength` characters of every run of `text`.
    public static func grams(_ text: String) -> Set<String> {
        var result: Set<String> = []
        for run in runs(text) {
            let characters = Array(run)
            for start in characters.indices {
                for length in 1...maxGramLength where start + length <= characters.count {
                    result.insert(String(characters[start..<(start + length)]))
                }
            }
        }
        return result
    }

    /// The searchable text of a service, by field: its names and code; keywords with the category's
    /// names and the accreditation marks (CMA, CNAS); description.
    public static func fields(of service: Service, categoryNames: [String]) -> [(Field, String)] {
        let name = [service.name, service.nameEn ?? "", service.code].joined(separator: " ")
        let keywords = (service.keywords + categoryNames + service.accreditations.map(\.mark)).joined(separator: " ")
        return [(.name, name), (.keyword, keywords), (.description, service.description)]
    }

    /// Every gram of a service with the best field it occurs in.
    public static func gramIndex(of fields: [(Field, String)]) -> [String: Field] {
        var index: [String: Field] = [:]
        for (field, text) in fields {
            for gram in grams(text) {
                if let existing = index[gram], existing <= field { continue }
                index[gram] = field
            }
        }
        return index
    }
}
