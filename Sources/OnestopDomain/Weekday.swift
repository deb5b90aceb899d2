/// A day of the week, ISO numbered (Monday is 1).
public enum Weekday: Int, Codable, Sendable, CaseIterable, Comparable {
    case mon = 1, tue, wed, thu, fri, sat, sun

    public var key: String {
        switch self {
        case .mon: "mon"
        case .tue: "tue"
        case .wed: "wed"
        case .thu: "thu"
        case .fri: "fri"
        case .sat: "sat"
        case .sun: "sun"
        }
    }

    public var nameZh: String {
        switch self {
        case .mon: "周一"
        case .tue: "周二"
        case .wed: "周三"
        case .thu: "周四"
        case .fri: "周五"
        case .sat: "周六"
        case .sun: "周日"
        }
    }

    public init?(key: String) {
        guard let day = Weekday.allCases.first(where: { $0.key == key.lowercased() }) else { return nil }
        self = day
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let key = try container.decode(String.self)
        guard let day = Weekday(key: key) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown day \(key)")
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Parses `mon-fri`, `mon,wed,fri` or `sat`; nil when any part is not a day.
    public static func parseDays(_ text: String) -> [Weekday]? {
        var days: [Weekday] = []
        for part in text.split(separator: ",") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            let bounds = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            switch bounds.count {
            case 1:
                guard let day = Weekday(key: String(bounds[0])) else { return nil }
                days.append(day)
            case 2:
                guard let from = Weekday(key: String(bounds[0]).trimmingCharacters(in: .whitespaces)),
                    let to = Weekday(key: String(bounds[1]).trimmingCharacters(in: .whitespaces)),
                    from <= to
                else { return nil }
                days += Weekday.allCases.filter { $0 >= from && $0 <= to }
            default:
                return nil
            }
        }
        return days.isEmpty ? nil : days
    }

    /// The shortest text `parseDays` reads back to the same days: `mon-fri`, `mon,wed,sat-sun`.
    public static func formatDays(_ days: [Weekday]) -> String {
        let sorted = Array(Set(days)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1].rawValue == sorted[end].rawValue + 1 { end += 1 }
            if end - index >= 2 {
                parts.append("\(sorted[index].key)-\(sorted[end].key)")
            } else {
                parts += sorted[index...end].map(\.key)
            }
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
