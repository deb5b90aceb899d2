/// The five national levels of 好差评 (国办发〔2019〕51号, GB/T 39734-2020), best first.
public enum SatisfactionLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case verySatisfied = "very_satisfied"
    case satisfied
    case basicallySatisfied = "basically_satisfied"
    case dissatisfied
    case veryDissatisfied = "very_dissatisfied"

    public var nameZh: String {
        switch self {
        case .verySatisfied: "非常满意"
        case .satisfied: "满意"
        case .basicallySatisfied: "基本满意"
        case .dissatisfied: "不满意"
        case .veryDissatisfied: "非常不满意"
        }
    }

    public var nameEn: String {
        switch self {
        case .verySatisfied: "very satisfied"
        case .satisfied: "satisfied"
        case .basicallySatisfied: "basically satisfied"
        case .dissatisfied: "dissatisfied"
        case .veryDissatisfied: "very dissatisfied"
        }
    }

    /// 5 for 非常满意 down to 1 for 非常不满意, as the levels are often shown in stars.
    public var stars: Int {
        switch self {
        case .verySatisfied: 5
        case .satisfied: 4
        case .basicallySatisfied: 3
        case .dissatisfied: 2
        case .veryDissatisfied: 1
        }
    }

    /// 不满意 and 非常不满意: a bad review (差评), which the station that served must follow up.
    public var isBad: Bool { stars <= 2 }

    /// Counted in the satisfaction rate: 非常满意, 满意 and 基本满意.
    public var isSatisfied: Bool { !isBad }

    /// Better levels sort first.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.stars > rhs.stars }
}
