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
    /// Accepted requests whose promised day is before `today` and that have not been announced overdue yet,
    /// earliest promise first.
    func requestsPastPromise(today: CivilDay, limit: Int) async throws -> [String]
    /// The request's evaluation, with its follow-up and appeal; nil until the firm evaluates.
    func evaluation(ofRequest id: String) async throws -> Evaluation?
    /// Requests whose bad review's follow-up is unanswered past its deadline and not escalated yet (a review set
    /// aside on appeal left out), earliest deadline first.
    func followUpsPastDeadline(at now: Date, limit: Int) async throws -> [String]
    /// Up to `limit` lines of the work ledger after `after`, in order of receipt.
    func ledgerPage(_ query: LedgerQuery, after: LedgerQuery.Cursor?, limit: Int) async throws -> [LedgerEntry]
    /// The statistics of the requests `query` selects, read in one snapshot; open breaches, requests
    /// waiting past their deadline and overdue promises are counted as of `now`.
    func requestStatistics(_ query: StatisticsQuery, now: Date) async throws -> RequestStatistics
    /// Requests matching every given filter, newest first.
    func serviceRequests(_ query: RequestQuery) async throws -> Page<ServiceRequest>
}
