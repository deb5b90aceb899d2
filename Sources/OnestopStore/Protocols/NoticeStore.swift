import Foundation
import OnestopDomain

/// Notices to firms: the outbox the request store writes in each change's own transaction, how the notice worker
/// claims and settles them, the firm's short link and its wish to hear no more.
public protocol NoticeStore: Sendable {
    /// Rung after this store wrote new notices, for a worker in the same process.
    var noticeDoorbell: DeliveryDoorbell { get }

    /// The request a short link's code leads to, by the code's key (``ShortLinks/key(of:)``).
    func request(shortLink key: String) async throws -> StoredServiceRequest?
    /// Stops every notice of the request from now on: what is still pending is not sent. The request after; nil when there is none.
    func stopNotices(requestID: String, at: Date) async throws -> StoredServiceRequest?
    /// The request's notices, oldest first.
    func notices(ofRequest id: String) async throws -> [FirmNotice]

    /// Takes due notices for sending now, leasing each until `leaseUntil`: if the result is never recorded (a crash),
    /// the notice is due again then. A notice whose firm has stopped notices, or whose contact proved unreachable, is
    /// settled as such instead of being taken.
    func claimNotices(now: Date, leaseUntil: Date, limit: Int) async throws -> [ClaimedNotice]
    /// Reserves a send to `recipient` (a ``ClaimedNotice/recipientKey``) at `now` when every limit allows it, counting
    /// every process's sends; otherwise reserves nothing and returns the earliest time the limits allow one.
    func reserveNoticeSend(recipient: String, limits: NoticeLimits, now: Date) async throws -> Date?
    /// Records attempts and what follows from them, in one transaction.
    func settleNotices(_ results: [NoticeResult]) async throws
    /// When the next pending notice falls due; nil when there is none.
    func nextNoticeDue() async throws -> Date?
    /// Counts by status, for the metrics.
    func noticeGauges() async throws -> [FirmNotice.Status: Int]
}
