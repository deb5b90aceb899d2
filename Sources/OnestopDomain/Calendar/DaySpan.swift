/// One day or a run of consecutive days, inclusive: `2026-10-01` or `2026-10-01/2026-10-07` (ISO 8601's interval form).
public struct DaySpan: Sendable, Hashable, Codable, CustomStringConvertible {
    public var first: CivilDay
    public var last: CivilDay

    public init(_ day: CivilDay) {
        first = day
        last = day
    }

    public init(first: CivilDay, last: CivilDay) {
        self.first = first
        self.last = last
    }

    /// nil for anything but a day or two days joined by `/`; a span whose end is before its start is kept,
    /// for the validator to name.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            guard let day = CivilDay(String(parts[0])) else { return nil }
            self.init(day)
        case 2:
            guard let first = CivilDay(String(parts[0])), let last = CivilDay(String(parts[1])) else { return nil }
            self.init(first: first, last: last)
        default:
            return nil
        }
    }

    /// Every day of the span, in order; empty when it ends before it starts.
    public var days: [CivilDay] {
        first <= last ? (first.number...last.number).map(CivilDay.init(number:)) : []
    }

    public var description: String { first == last ? first.description : "\(first)/\(last)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let span = DaySpan(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "not a day (2026-10-01) or a span of days (2026-10-01/2026-10-07): \(text)"))
        }
        self = span
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
