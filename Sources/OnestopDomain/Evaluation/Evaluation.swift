import Foundation

/// A firm's one evaluation of one request (一事一评), and what followed it: the station's follow-up of a
/// bad review, the platform's callback to the firm, and an appeal and its review.
public struct Evaluation: Sendable, Equatable {
    public var requestID: String
    /// The station that served the request, whose figures the evaluation counts in.
    public var station: String?
    /// The caseworker who followed the request, as named then.
    public var caseworker: Caseworker?
    public var ratings: Ratings
    /// The firm's own words, at most 500 characters; shown to the station as written.
    public var comment: String?
    public var evaluatedAt: Date
    /// Opened by an overall bad review.
    public var followUp: FollowUp?
    public var appeal: Appeal?

    public init(requestID: String, station: String?, caseworker: Caseworker?, ratings: Ratings, comment: String?, evaluatedAt: Date,
                followUp: FollowUp? = nil, appeal: Appeal? = nil) {
        self.requestID = requestID
        self.station = station
        self.caseworker = caseworker
        self.ratings = ratings
        self.comment = comment
        self.evaluatedAt = evaluatedAt
        self.followUp = followUp
        self.appeal = appeal
    }

    /// The overall level and the indicators the firm chose to rate.
    public struct Ratings: Sendable, Equatable {
        public var overall: SatisfactionLevel
        public var efficiency: SatisfactionLevel?
        public var proficiency: SatisfactionLevel?
        public var attitude: SatisfactionLevel?

        public init(overall: SatisfactionLevel, efficiency: SatisfactionLevel? = nil, proficiency: SatisfactionLevel? = nil,
                    attitude: SatisfactionLevel? = nil) {
            self.overall = overall
            self.efficiency = efficiency
            self.proficiency = proficiency
            self.attitude = attitude
        }

        public subscript(indicator: EvaluationIndicator) -> SatisfactionLevel? {
            switch indicator {
            case .overall: overall
            case .efficiency: efficiency
            case .proficiency: proficiency
            case .attitude: attitude
            }
        }
    }

    /// The follow-up (整改) of a bad review: the station's answer by the deadline, then the callback.
    public struct FollowUp: Sendable, Equatable {
        /// When the station must have recorded what it did.
        public var dueAt: Date
        /// What the station did, as the firm is shown it.
        public var answer: String?
        public var answeredAt: Date?
        public var answeredBy: String?
        /// The latest callback to the firm (回访); an unreached firm may be called again.
        public var callback: Callback?
        /// When the deadline passed unanswered and the platform was told (once).
        public var escalatedAt: Date?

        public init(dueAt: Date, answer: String? = nil, answeredAt: Date? = nil, answeredBy: String? = nil, callback: Callback? = nil,
                    escalatedAt: Date? = nil) {
            self.dueAt = dueAt
            self.answer = answer
            self.answeredAt = answeredAt
            self.answeredBy = answeredBy
            self.callback = callback
            self.escalatedAt = escalatedAt
        }

        /// Whether the station answered by the deadline.
        public var answeredOnTime: Bool { answeredAt.map { $0 <= dueAt } ?? false }

        /// Answered by the station and the firm reached by a callback.
        public var isClosed: Bool { answeredAt != nil && callback?.reached == true }
    }

    /// Staff calling the firm back about its bad review.
    public struct Callback: Sendable, Equatable {
        public var reached: Bool
        /// What the firm said, or why it could not be reached.
        public var note: String
        public var at: Date
        public var by: String

        public init(reached: Bool, note: String, at: Date, by: String) {
            self.reached = reached
            self.note = note
            self.at = at
            self.by = by
        }
    }

    /// A station's appeal (申诉) that a review is mistaken or malicious, and the staff's review of it (复核).
    public struct Appeal: Sendable, Equatable {
        public var reason: String
        public var at: Date
        public var by: String
        public var decision: Decision?
        public var decisionReason: String?
        public var decidedAt: Date?
        public var decidedBy: String?

        public init(reason: String, at: Date, by: String, decision: Decision? = nil, decisionReason: String? = nil, decidedAt: Date? = nil,
                    decidedBy: String? = nil) {
            self.reason = reason
            self.at = at
            self.by = by
            self.decision = decision
            self.decisionReason = decisionReason
            self.decidedAt = decidedAt
            self.decidedBy = decidedBy
        }
    }

    /// What staff decide of an appealed review.
    public enum Decision: String, Codable, Sendable, CaseIterable {
        /// The review stands, and counts.
        case upheld
        /// The review was mistaken or malicious: kept for staff, left out of every figure, its follow-up closed.
        case setAside = "set_aside"

        public var nameZh: String {
            switch self {
            case .upheld: "维持评价"
            case .setAside: "撤销评价"
            }
        }
    }

    /// Whether the review counts in the figures: every review but one set aside on appeal.
    public var counts: Bool { appeal?.decision != .setAside }

    /// A bad overall level that still counts.
    public var isBadReview: Bool { ratings.overall.isBad && counts }

    /// Whether the follow-up still waits for the station past its deadline and has not been escalated.
    public func followUpPastDeadline(at now: Date) -> Bool {
        guard isBadReview, let followUp, followUp.answeredAt == nil, followUp.escalatedAt == nil else { return false }
        return now > followUp.dueAt
    }
}
