import Foundation

/// A station's figures as published to the public (办事公开): over the last 12 months, what it served, how
/// promptly, and what firms said of it. Aggregates only: nothing on it identifies a firm. Where fewer than
/// `minimumEvaluations` evaluations count, the rates that rest on them are left out, and `enoughEvaluations` says why.
public struct PublishedFigures: Codable, Sendable, Equatable {
    /// Below this many evaluations, a satisfaction rate says more about chance than about the station.
    public static let minimumEvaluations = 10

    public var station: String
    public var stationName: String
    /// The period, `from` included and `to` excluded.
    public var from: Date
    public var to: Date
    /// Requests routed to the station in the period.
    public var requestsServed: Int
    public var acceptedOnTimeRate: Double?
    public var completedByPromiseRate: Double?
    /// Evaluations that count (a review set aside on appeal does not).
    public var evaluations: Int
    public var enoughEvaluations: Bool
    /// Nil with fewer than `minimumEvaluations` evaluations.
    public var satisfactionRate: Double?
    /// The share of bad reviews the station answered; nil with fewer than `minimumEvaluations` evaluations or no bad review.
    public var badReviewsFollowedUpRate: Double?

    public init(station: Station, figures: AssessmentFigures, from: Date, to: Date) {
        self.station = station.id
        stationName = station.name
        self.from = from
        self.to = to
        requestsServed = figures.received
        acceptedOnTimeRate = figures.acceptedOnTimeRate
        completedByPromiseRate = figures.completedByPromiseRate
        evaluations = figures.evaluation.evaluated
        enoughEvaluations = evaluations >= Self.minimumEvaluations
        satisfactionRate = enoughEvaluations ? figures.evaluation.satisfactionRate : nil
        badReviewsFollowedUpRate = enoughEvaluations ? figures.evaluation.followedUpRate : nil
    }

    /// The 12 months that end at `now`: from the same moment a year before (in China Standard Time).
    public static func period(endingAt now: Date, calendar: WorkingCalendar = .china) -> (from: Date, to: Date) {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = calendar.timeZone
        return (gregorian.date(byAdding: .month, value: -12, to: now) ?? now.addingTimeInterval(-365 * 86_400), now)
    }

    enum CodingKeys: String, CodingKey {
        case station, stationName = "station_name", from, to, requestsServed = "requests_served", acceptedOnTimeRate = "accepted_on_time_rate",
            completedByPromiseRate = "completed_by_promise_rate", evaluations, enoughEvaluations = "enough_evaluations",
            satisfactionRate = "satisfaction_rate", badReviewsFollowedUpRate = "bad_reviews_followed_up_rate"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(station, forKey: .station)
        try container.encode(stationName, forKey: .stationName)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(requestsServed, forKey: .requestsServed)
        try container.encode(acceptedOnTimeRate, forKey: .acceptedOnTimeRate)
        try container.encode(completedByPromiseRate, forKey: .completedByPromiseRate)
        try container.encode(evaluations, forKey: .evaluations)
        try container.encode(enoughEvaluations, forKey: .enoughEvaluations)
        try container.encode(satisfactionRate, forKey: .satisfactionRate)
        try container.encode(badReviewsFollowedUpRate, forKey: .badReviewsFollowedUpRate)
    }
}
