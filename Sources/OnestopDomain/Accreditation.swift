import Foundation

/// An accreditation mark (CMA, CNAS ...) and its certificate number.
///
/// The shipped catalog is sample data: its numbers are invented and every entry says `sample: true`.
public struct Accreditation: Codable, Sendable, Equatable {
    public var mark: String
    public var number: String
    public var sample: Bool

    public init(mark: String, number: String, sample: Bool = true) {
        self.mark = mark
        self.number = number
        self.sample = sample
    }

    /// The marks the validator accepts.
    public static let knownMarks: Set<String> = ["CMA", "CNAS", "CAL", "CCC", "CATL"]
}

extension Accreditation {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            mark: try container.decode(String.self, forKey: .mark),
            number: try container.decode(String.self, forKey: .number),
            sample: try container.decodeIfPresent(Bool.self, forKey: .sample) ?? true
        )
    }

    enum CodingKeys: String, CodingKey {
        case mark, number, sample
    }
}
