import Foundation

/// One row of the assessment (考核): what became of the requests a station, county, category or caseworker
/// received in a period. Acceptance is counted per assignment: a request escalated from one station and
/// accepted by the platform came due twice, missed once and kept once.
public struct AssessmentFigures: Codable, Sendable, Equatable {
    /// Requests routed to it (a station counts those it declined or lost to escalation too).
    public var received: Int
    public var accepted: Int
    /// Accepted by the acknowledgement deadline.
    public var acceptedOnTime: Int
    /// Assignments whose acceptance came due: accepted, escalated for the deadline missed, or still waiting past it.
    public var acceptanceDue: Int
    /// `acceptedOnTime / acceptanceDue`, nil when nothing came due.
    public var acceptedOnTimeRate: Double?
    /// Working days from the assignment to acceptance, over the accepted requests.
    public var medianWorkingDaysToAccept: Double?
    public var completed: Int
    /// Working days from acceptance to completion, over the completed requests.
    public var medianWorkingDaysToComplete: Double?
    /// Completed on or before the promised day.
    public var completedByPromise: Int
    /// Promises that came due: completed requests with a promised day, and open ones past it.
    public var promisesDue: Int
    /// `completedByPromise / promisesDue`, nil when none came due.
    public var completedByPromiseRate: Double?
    /// Accepted, not completed, and past the promised day now.
    public var overdue: Int
    /// Declined by the station (and re-routed).
    public var declined: Int
    /// Escalated to the platform for not being accepted in time.
    public var escalated: Int
    /// What the firms said of the requests it served (好差评).
    public var evaluation: EvaluationFigures

    public init(received: Int = 0, accepted: Int = 0, acceptedOnTime: Int = 0, acceptanceDue: Int = 0,
                medianWorkingDaysToAccept: Double? = nil, completed: Int = 0, medianWorkingDaysToComplete: Double? = nil,
                completedByPromise: Int = 0, promisesDue: Int = 0, overdue: Int = 0, declined: Int = 0, escalated: Int = 0,
                evaluation: EvaluationFigures = EvaluationFigures()) {
        self.received = received
        self.accepted = accepted
        self.acceptedOnTime = acceptedOnTime
        self.acceptanceDue = acceptanceDue
        acceptedOnTimeRate = Self.rate(acceptedOnTime, of: acceptanceDue)
        self.medianWorkingDaysToAccept = medianWorkingDaysToAccept
        self.completed = completed
        self.medianWorkingDaysToComplete = medianWorkingDaysToComplete
        self.completedByPromise = completedByPromise
        self.promisesDue = promisesDue
        completedByPromiseRate = Self.rate(completedByPromise, of: promisesDue)
        self.overdue = overdue
        self.declined = declined
        self.escalated = escalated
        self.evaluation = evaluation
    }

    /// To four decimals, so that a rate reads the same from both stores and every client.
    static func rate(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }

    /// The middle value (the mean of the two middle ones for an even count), to two decimals.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        let value = sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
        return (value * 100).rounded() / 100
    }

    enum CodingKeys: String, CodingKey {
        case received, accepted, acceptedOnTime = "accepted_on_time", acceptanceDue = "acceptance_due",
            acceptedOnTimeRate = "accepted_on_time_rate", medianWorkingDaysToAccept = "median_working_days_to_accept",
            completed, medianWorkingDaysToComplete = "median_working_days_to_complete",
            completedByPromise = "completed_by_promise", promisesDue = "promises_due",
            completedByPromiseRate = "completed_by_promise_rate", overdue, declined, escalated, evaluation
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(received, forKey: .received)
        try container.encode(accepted, forKey: .accepted)
        try container.encode(acceptedOnTime, forKey: .acceptedOnTime)
        try container.encode(acceptanceDue, forKey: .acceptanceDue)
        try container.encode(acceptedOnTimeRate, forKey: .acceptedOnTimeRate)
        try container.encode(medianWorkingDaysToAccept, forKey: .medianWorkingDaysToAccept)
        try container.encode(completed, forKey: .completed)
        try container.encode(medianWorkingDaysToComplete, forKey: .medianWorkingDaysToComplete)
        try container.encode(completedByPromise, forKey: .completedByPromise)
        try container.encode(promisesDue, forKey: .promisesDue)
        try container.encode(completedByPromiseRate, forKey: .completedByPromiseRate)
        try container.encode(overdue, forKey: .overdue)
        try container.encode(declined, forKey: .declined)
        try container.encode(escalated, forKey: .escalated)
        try container.encode(evaluation, forKey: .evaluation)
    }
}
