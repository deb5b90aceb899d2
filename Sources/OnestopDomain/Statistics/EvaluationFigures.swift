import Foundation

/// What firms said of the requests a station, county, category or caseworker served (好差评): the evaluation
/// rate, the satisfaction rate, the count of each level on each indicator, and how bad reviews were followed up.
/// A review set aside on appeal counts nowhere but in `setAside`.
public struct EvaluationFigures: Codable, Sendable, Equatable {
    /// Requests completed or closed as unserviceable: those the firm could evaluate.
    public var evaluable: Int
    /// Evaluations that count.
    public var evaluated: Int
    /// `evaluated / evaluable`, nil when nothing could be evaluated.
    public var evaluationRate: Double?
    /// Overall 非常满意, 满意 or 基本满意.
    public var satisfied: Int
    /// `satisfied / evaluated`, nil when nothing was evaluated.
    public var satisfactionRate: Double?
    /// For each indicator (`overall`, `efficiency`, `proficiency`, `attitude`), how many chose each level.
    public var levels: [String: [String: Int]]
    /// Overall 不满意 or 非常不满意.
    public var badReviews: Int
    /// Bad reviews the station has answered, on time or late.
    public var followedUp: Int
    /// `followedUp / badReviews`, nil without bad reviews.
    public var followedUpRate: Double?
    /// Follow-ups that came due: answered, or unanswered past the deadline.
    public var followUpsDue: Int
    /// Answered by the deadline.
    public var followUpsOnTime: Int
    /// `followUpsOnTime / followUpsDue`, nil when none came due.
    public var followUpOnTimeRate: Double?
    /// Reviews set aside on appeal: kept, and left out of every other figure.
    public var setAside: Int

    public init(evaluable: Int = 0, evaluated: Int = 0, satisfied: Int = 0, levels: [EvaluationIndicator: [SatisfactionLevel: Int]] = [:],
                badReviews: Int = 0, followedUp: Int = 0, followUpsDue: Int = 0, followUpsOnTime: Int = 0, setAside: Int = 0) {
        self.evaluable = evaluable
        self.evaluated = evaluated
        evaluationRate = AssessmentFigures.rate(evaluated, of: evaluable)
        self.satisfied = satisfied
        satisfactionRate = AssessmentFigures.rate(satisfied, of: evaluated)
        self.levels = Dictionary(uniqueKeysWithValues: EvaluationIndicator.allCases.map { indicator in
            (indicator.rawValue, Dictionary(uniqueKeysWithValues: SatisfactionLevel.allCases.map { ($0.rawValue, levels[indicator]?[$0] ?? 0) }))
        })
        self.badReviews = badReviews
        self.followedUp = followedUp
        followedUpRate = AssessmentFigures.rate(followedUp, of: badReviews)
        self.followUpsDue = followUpsDue
        self.followUpsOnTime = followUpsOnTime
        followUpOnTimeRate = AssessmentFigures.rate(followUpsOnTime, of: followUpsDue)
        self.setAside = setAside
    }

    /// How many chose `level` on `indicator`.
    public func count(_ indicator: EvaluationIndicator, _ level: SatisfactionLevel) -> Int {
        levels[indicator.rawValue]?[level.rawValue] ?? 0
    }

    enum CodingKeys: String, CodingKey {
        case evaluable, evaluated, evaluationRate = "evaluation_rate", satisfied, satisfactionRate = "satisfaction_rate", levels,
            badReviews = "bad_reviews", followedUp = "followed_up", followedUpRate = "followed_up_rate", followUpsDue = "follow_ups_due",
            followUpsOnTime = "follow_ups_on_time", followUpOnTimeRate = "follow_up_on_time_rate", setAside = "set_aside"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(evaluable, forKey: .evaluable)
        try container.encode(evaluated, forKey: .evaluated)
        try container.encode(evaluationRate, forKey: .evaluationRate)
        try container.encode(satisfied, forKey: .satisfied)
        try container.encode(satisfactionRate, forKey: .satisfactionRate)
        try container.encode(levels, forKey: .levels)
        try container.encode(badReviews, forKey: .badReviews)
        try container.encode(followedUp, forKey: .followedUp)
        try container.encode(followedUpRate, forKey: .followedUpRate)
        try container.encode(followUpsDue, forKey: .followUpsDue)
        try container.encode(followUpsOnTime, forKey: .followUpsOnTime)
        try container.encode(followUpOnTimeRate, forKey: .followUpOnTimeRate)
        try container.encode(setAside, forKey: .setAside)
    }
}
