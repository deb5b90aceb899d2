import Foundation

/// What the assessment figures are computed from, read by a store in one snapshot: one entry per request
/// received in the period, with the stations it was routed to and when it was escalated.
public struct AssessmentFacts: Sendable, Equatable {
    public struct Request: Sendable, Equatable {
        /// A routing of the request to a station, in the order they were made.
        public struct Routing: Sendable, Equatable {
            public var station: String
            public var at: Date

            public init(station: String, at: Date) {
                self.station = station
                self.at = at
            }
        }

        /// The firm's evaluation of a request, as the figures count it.
        public struct Rated: Sendable, Equatable {
            public var ratings: Evaluation.Ratings
            /// False once set aside on appeal.
            public var counts: Bool
            /// For a bad review: the follow-up's deadline, and when the station answered.
            public var followUpDue: Date?
            public var answeredAt: Date?

            public init(ratings: Evaluation.Ratings, counts: Bool, followUpDue: Date? = nil, answeredAt: Date? = nil) {
                self.ratings = ratings
                self.counts = counts
                self.followUpDue = followUpDue
                self.answeredAt = answeredAt
            }
        }

        public var status: RequestStatus
        /// The station responsible now.
        public var station: String?
        /// The firm's region.
        public var region: String
        public var category: String?
        /// The caseworker named on acceptance (an id within `station`), and the name it had then.
        public var caseworker: String?
        public var caseworkerName: String?
        public var receivedAt: Date
        public var acknowledgeBy: Date?
        public var acceptedAt: Date?
        public var promisedOn: CivilDay?
        public var completedAt: Date?
        /// Stations that declined it.
        public var declinedBy: [String]
        /// Oldest first; the last one made it the responsible station's.
        public var routings: [Routing]
        /// When it was escalated for a deadline missed.
        public var escalations: [Date]
        public var evaluation: Rated?

        public init(status: RequestStatus, station: String?, region: String, category: String?, caseworker: String?, caseworkerName: String?,
                    receivedAt: Date, acknowledgeBy: Date?, acceptedAt: Date?, promisedOn: CivilDay?, completedAt: Date?,
                    declinedBy: [String], routings: [Routing] = [], escalations: [Date] = [], evaluation: Rated? = nil) {
            self.status = status
            self.station = station
            self.region = region
            self.category = category
            self.caseworker = caseworker
            self.caseworkerName = caseworkerName
            self.receivedAt = receivedAt
            self.acknowledgeBy = acknowledgeBy
            self.acceptedAt = acceptedAt
            self.promisedOn = promisedOn
            self.completedAt = completedAt
            self.declinedBy = declinedBy
            self.routings = routings
            self.escalations = escalations
            self.evaluation = evaluation
        }

        /// When the responsible station was given it: its last routing, or receipt.
        public var assignedAt: Date { routings.last?.at ?? receivedAt }

        /// The station each escalation took it from: the one it was routed to last before the escalation.
        public var escalatedFrom: [String] {
            escalations.compactMap { escalation in routings.last { $0.at < escalation }?.station }
        }
    }

    public var requests: [Request]

    public init(requests: [Request]) {
        self.requests = requests
    }

    /// The requests routed to `station` at any time (so that its declines and escalations stay in), and
    /// those `caseworker` follows (within `station` when both are given).
    public func narrowed(station: String?, caseworker: String?) -> AssessmentFacts {
        guard station != nil || caseworker != nil else { return self }
        return AssessmentFacts(requests: requests.filter { request in
            if let caseworker {
                return request.caseworker == caseworker && (station == nil || request.station == station)
            }
            return request.station == station || request.routings.contains { $0.station == station }
        })
    }
}
