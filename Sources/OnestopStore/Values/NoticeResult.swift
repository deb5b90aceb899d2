import Foundation
import OnestopDomain

/// How an attempt to send a notice ended and what follows.
public struct NoticeResult: Sendable {
    public enum Next: Sendable, Equatable {
        /// The provider took it, under its own id.
        case sent(providerID: String?)
        /// A transient answer (a per-number limit, a system error, a time-out): tried again then.
        case retry(at: Date)
        /// Refused for good, or the last try failed.
        case failed
        /// The number or address cannot receive: the request's channel is marked so and its other notices on it end too.
        case unreachable
        /// Not attempted: the per-number limits allow no send before then.
        case deferred(until: Date)
    }

    public var notice: Int64
    public var lease: Int64
    public var requestID: String
    public var channel: NoticeChannel
    /// Nil when nothing was attempted (`deferred`).
    public var attempt: NoticeAttempt?
    public var next: Next

    public init(notice: Int64, lease: Int64, requestID: String, channel: NoticeChannel, attempt: NoticeAttempt?, next: Next) {
        self.notice = notice
        self.lease = lease
        self.requestID = requestID
        self.channel = channel
        self.attempt = attempt
        self.next = next
    }
}

/// One try at sending a notice, as recorded.
public struct NoticeAttempt: Sendable, Equatable {
    public var at: Date
    public var durationMilliseconds: Int
    /// The provider's own code (`OK`, `isv.BUSINESS_LIMIT_CONTROL`, an SMTP reply code), when it answered.
    public var providerCode: String?
    public var error: String?

    public init(at: Date, durationMilliseconds: Int, providerCode: String?, error: String?) {
        self.at = at
        self.durationMilliseconds = durationMilliseconds
        self.providerCode = providerCode
        self.error = error
    }
}
