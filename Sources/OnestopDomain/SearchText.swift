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

    /// A one- or two-character piece of text packed into an integer, so that indexing thousands of
    /// services hashes integers rather than Unicode strings. Characters are Unicode scalars here.
    public struct Gram: Hashable, Sendable {
        let value: UInt64

        init(_ first: Unicode.Scalar, _ second: Unicode.Scalar?) {
            value = UInt64(first.value) << 22 | (second.map { UInt64($0.value) << 1 | 1 } ?? 0)
        }

        /// The gram of a one- or two-character term; nil for longer or empty ones.
        public init?(_ term: String) {
            var scalars = term.unicodeScalars.makeIterator()
            guard let first = scalars.next() else { return nil }
            let second = scalars.next()
            guard scalars.next() == nil else { return nil }
            self.init(first, second)
        }

        public var text: String {
            var result = String(Character(Unicode.Scalar(UInt32(value >> 22))!))
            if value & 1 == 1 { result.append(Character(Unicode.Scalar(UInt32((value >> 1) & 0x1F_FFFF))!)) }
            return result
        }
    }

    /// The length of a term as the index counts it: in Unicode scalars.
    public static func length(_ term: String) -> Int { term.unicodeScalars.count }

    /// The distinct two-character pieces of a term, in order.
    public static func bigrams(_ term: String) -> [Gram] {
        let scalars = Array(term.unicodeScalars)
        guard scalars.count >= 2 else { return scalars.first.map { [Gram($0, nil)] } ?? [] }
        var seen: Set<Gram> = []
        return (0..<(scalars.count - 1)).map { Gram(scalars[$0], scalars[$0 + 1]) }.filter { seen.insert($0).inserted }
    }

    /// How many of a long term's two-character pieces a relaxed match needs: all of one or two,
    /// at least half of more.
    public static func relaxedMinimum(_ pieces: Int) -> Int {
        pieces <= 2 ? pieces : (pieces + 1) / 2
    }

    /// Every piece of one to `maxGramLength` characters of every run of `text`.
    public static func grams(_ text: String) -> Set<Gram> {
        var result: Set<Gram> = []
        for run in runs(text) {
            var previous: Unicode.Scalar?
            for scalar in run.unicodeScalars {
                result.insert(Gram(scalar, nil))
                if let previous { result.insert(Gram(previous, scalar)) }
                previous = scalar
            }
        }
        return result
    }

    /// Every gram of a service with the best field it occurs in.
    public static func gramIndex(of fields: [(Field, String)]) -> [Gram: Field] {
        var index: [Gram: Field] = [:]
        for (field, text) in fields {
            for gram in grams(text) {
                if let existing = index[gram], existing <= field { continue }
                index[gram] = field
            }
        }
        return index
    }

    /// The searchable text of a service, by field: its names and code; keywords with the category's
    /// names and the accreditation marks (CMA, CNAS); description.
    public static func fields(of service: Service, categoryNames: [String]) -> [(Field, String)] {
        let name = [service.name, service.nameEn ?? "", service.code].joined(separator: " ")
        let keywords = (service.keywords + categoryNames + service.accreditations.map(\.mark)).joined(separator: " ")
        return [(.name, name), (.keyword, keywords), (.description, service.description)]
    }

}
