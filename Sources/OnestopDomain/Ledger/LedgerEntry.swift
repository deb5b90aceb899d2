import Foundation

/// One request as the work ledger (工作台账) lists it: who asked for what, who served it, and the dates.
public struct LedgerEntry: Sendable, Equatable {
    public var id: String
    public var firm: String
    public var creditCode: String
    /// The service's code and name, or the category's name when the firm asked by category.
    public var service: String
    public var station: String
    public var caseworker: String
    public var receivedAt: Date
    public var acceptedAt: Date?
    public var promisedOn: CivilDay?
    public var completedAt: Date?
    public var status: RequestStatus
    /// What the station reported on completion, why it was closed, or why the firm withdrew.
    public var outcome: String
    /// The firm's evaluation, once it has evaluated.
    public var evaluation: Rated?

    /// An evaluation as the ledger lists it: the levels and the comment, whether it was set aside, and its follow-up.
    public struct Rated: Sendable, Equatable {
        public var ratings: Evaluation.Ratings
        public var comment: String?
        public var setAside: Bool
        public var followUpDue: Date?
        public var answeredAt: Date?

        public init(ratings: Evaluation.Ratings, comment: String?, setAside: Bool, followUpDue: Date?, answeredAt: Date?) {
            self.ratings = ratings
            self.comment = comment
            self.setAside = setAside
            self.followUpDue = followUpDue
            self.answeredAt = answeredAt
        }

        /// `已按时反馈`, `逾期反馈`, `待反馈（截止 …）` or `逾期未反馈` for a bad review that counts; empty otherwise.
        public func followUp(at now: Date, calendar: WorkingCalendar = .china) -> String {
            guard ratings.overall.isBad, !setAside, let due = followUpDue else { return "" }
            if let answered = answeredAt { return answered <= due ? "已按时反馈" : "逾期反馈" }
            return now > due ? "逾期未反馈" : "待反馈（截止 \(calendar.civilDay(of: due))）"
        }
    }

    public init(id: String, firm: String, creditCode: String, service: String, station: String, caseworker: String, receivedAt: Date,
                acceptedAt: Date?, promisedOn: CivilDay?, completedAt: Date?, status: RequestStatus, outcome: String, evaluation: Rated? = nil) {
        self.id = id
        self.firm = firm
        self.creditCode = creditCode
        self.service = service
        self.station = station
        self.caseworker = caseworker
        self.receivedAt = receivedAt
        self.acceptedAt = acceptedAt
        self.promisedOn = promisedOn
        self.completedAt = completedAt
        self.status = status
        self.outcome = outcome
        self.evaluation = evaluation
    }
}
