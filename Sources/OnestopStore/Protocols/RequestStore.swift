import Foundation
import OnestopDomain

/// Service requests: intake, the routing record and the timeline, each change in one transaction.
public protocol RequestStore: Sendable {
    /// Stores a new request and routes it in the same transaction, so the load routing sees is current
    /// and the request, its first routing record and its timeline are written together or not at all.
    /// With an idempotency key already used for the same body, returns the earlier request instead;
    /// for another body, `.keyReused`.
    func submitRequest(_ new: NewServiceRequest) async throws -> SubmissionOutcome
    func serviceRequest(id: String) async throws -> StoredServiceRequest?
    /// The timeline, oldest first, internal notes included.
    func timeline(ofRequest id: String) async throws -> [RequestEvent]
    /// Every routing decision made for the request, oldest first.
    func routingRecords(ofRequest id: String) async throws -> [RoutingRecord]
    /// The request with its timeline and routing record, read together (one read for a page that shows them all).
    func requestHistory(id: String) async throws -> RequestHistory?
    /// Takes an action on a request in one transaction: checks it against the life cycle, re-routes when
    /// a station declines or the request is escalated, and appends to the timeline. Of two actors at
    /// once, exactly one succeeds; the other is refused against the state the first left.
    func transitionRequest(_ change: RequestChange) async throws -> TransitionOutcome
    /// What checking a submission needs of the catalog, in one read: every region, category and active
    /// station, and the service when it exists and is active.
    func submissionContext(serviceCode: String?) async throws -> RequestSubmission.Context
    /// The decision routing would make for `need` now, against the current catalog and load; writes nothing.
    func explainRouting(_ need: RoutingNeed) async throws -> RoutingDecision?
    /// Requests still waiting for their station to accept after their deadline, oldest deadline first,
    /// leaving out those already with a municipal platform (there is nowhere higher to go).
    func requestsPastDeadline(at now: Date, limit: Int) async throws -> [String]
    /// The ledger of requests received in [from, to); open breaches are counted as of `now`.
    func requestStatistics(from: Date?, to: Date?, now: Date) async throws -> RequestStatistics
    /// Requests matching every given filter, newest first.
    func serviceRequests(_ query: RequestQuery) async throws -> Page<ServiceRequest>
}

/// Which requests to list. Every filter narrows the list (AND).
public struct RequestQuery: Sendable, Equatable {
    public var station: String?
    public var status: RequestStatus?
    /// The firm's region; regions below it count too.
    public var region: String?
    /// The requested category, or the category of the requested service; subcategories count too.
    public var category: String?
    /// Received at or after.
    public var from: Date?
    /// Received before.
    public var to: Date?
    public var page: PageRequest

    public init(station: String? = nil, status: RequestStatus? = nil, region: String? = nil, category: String? = nil,
                from: Date? = nil, to: Date? = nil, page: PageRequest = PageRequest()) {
        self.station = station
        self.status = status
        self.region = region
        self.category = category
        self.from = from
        self.to = to
        self.page = page
    }
}

/// An action on a request, by someone, with an optional note.
public struct RequestChange: Sendable {
    public var requestID: String
    public var action: RequestAction
    public var actor: RequestActor
    /// How the actor appears in the timeline: `firm`, `station:jinzhai`, `staff:ops (key_…)`.
    public var actorName: String
    public var note: String?
    public var isInternal: Bool
    public var at: Date
    /// For `reassign`: the station staff chose.
    public var toStation: String?
    /// When a station the request moves to must have accepted it.
    public var acknowledgement: AcknowledgementPolicy

    public init(
        requestID: String, action: RequestAction, actor: RequestActor, actorName: String, note: String? = nil,
        isInternal: Bool = false, at: Date, toStation: String? = nil,
        acknowledgement: AcknowledgementPolicy
    ) {
        self.requestID = requestID
        self.action = action
        self.actor = actor
        self.actorName = actorName
        self.note = note
        self.isInternal = isInternal
        self.at = at
        self.toStation = toStation
        self.acknowledgement = acknowledgement
    }
}

public enum TransitionOutcome: Sendable, Equatable {
    case changed(StoredServiceRequest)
    case notFound
    case refused(RequestLifecycle.Refusal, current: RequestStatus)
}

/// A checked submission ready to store.
public struct NewServiceRequest: Sendable {
    public var submission: RequestSubmission.Checked
    /// The readable id's prefix, for example the city's two letters: `LA`.
    public var idPrefix: String
    /// A random value kept with the request from which the tracking token is derived; the token itself
    /// is never stored.
    public var tokenNonce: String
    public var receivedAt: Date
    /// When the station given the request must have accepted it.
    public var acknowledgement: AcknowledgementPolicy
    public var idempotency: Idempotency?

    /// An `Idempotency-Key` as the best payment APIs keep them: scoped to the firm that sent it (the same
    /// key from another firm is another key) and kept for `lifetime`, after which it may be used afresh.
    public struct Idempotency: Sendable, Equatable {
        public var key: String
        /// The submitting firm's unified social credit code.
        public var firm: String
        /// A digest of the request body, to tell a retry from a different request under the same key.
        public var bodyDigest: String

        public static let lifetime: TimeInterval = 24 * 3600

        public init(key: String, firm: String, bodyDigest: String) {
            self.key = key
            self.firm = firm
            self.bodyDigest = bodyDigest
        }

        /// The key as stored: the firm's code and the key, apart by a space, which neither can hold.
        public var storedKey: String { "\(firm) \(key)" }

        /// Keys stored before this moment have expired.
        public static func cutoff(at now: Date) -> Date { now.addingTimeInterval(-lifetime) }
    }

    public init(
        submission: RequestSubmission.Checked, idPrefix: String, tokenNonce: String, receivedAt: Date,
        acknowledgement: AcknowledgementPolicy, idempotency: Idempotency? = nil
    ) {
        self.submission = submission
        self.idPrefix = idPrefix
        self.tokenNonce = tokenNonce
        self.receivedAt = receivedAt
        self.acknowledgement = acknowledgement
        self.idempotency = idempotency
    }
}

/// A request as stored, with what only the server may see.
public struct StoredServiceRequest: Sendable, Equatable {
    public var request: ServiceRequest
    public var tokenNonce: String

    public init(request: ServiceRequest, tokenNonce: String) {
        self.request = request
        self.tokenNonce = tokenNonce
    }
}

public enum SubmissionOutcome: Sendable, Equatable {
    /// Stored and routed; no decision only when the catalog has no active platform to fall back on,
    /// and the request waits as submitted.
    case created(StoredServiceRequest, RoutingDecision?)
    /// The same idempotency key and body as an earlier submission: nothing new was stored.
    case replayed(StoredServiceRequest)
    /// The idempotency key was used before for a different body.
    case keyReused
}

/// A request as it stands, its timeline and its routing record, all as of one moment.
public struct RequestHistory: Sendable, Equatable {
    public var stored: StoredServiceRequest
    /// Oldest first, internal notes included.
    public var timeline: [RequestEvent]
    /// Oldest first.
    public var routing: [RoutingRecord]

    public init(stored: StoredServiceRequest, timeline: [RequestEvent], routing: [RoutingRecord]) {
        self.stored = stored
        self.timeline = timeline
        self.routing = routing
    }
}

/// One routing decision, as kept with its request.
public struct RoutingRecord: Sendable, Equatable {
    public var at: Date
    public var decision: RoutingDecision

    public init(at: Date, decision: RoutingDecision) {
        self.at = at
        self.decision = decision
    }
}
