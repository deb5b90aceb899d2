import Foundation

/// How long onestop keeps what serves only for a while. Requests, their timelines and routing records are the
/// work ledger and are kept for good; so is the audit trail.
public struct RetentionPolicy: Sendable, Equatable {
    /// Deliveries that succeeded, with their attempts, after their last attempt (`--retain-deliveries`).
    public var succeededDeliveries: TimeInterval
    /// Deliveries that failed, with their attempts, after their last attempt (`--retain-failed`); one
    /// redelivered is pending again, and kept.
    public var failedDeliveries: TimeInterval
    /// Idempotency keys: a retry of a submission comes within minutes, never a day later.
    public var idempotencyKeys: TimeInterval
    /// Staff alerts.
    public var alerts: TimeInterval

    public init(succeededDeliveries: TimeInterval = 90 * 86_400, failedDeliveries: TimeInterval = 365 * 86_400,
                idempotencyKeys: TimeInterval = 86_400, alerts: TimeInterval = 365 * 86_400) {
        self.succeededDeliveries = succeededDeliveries
        self.failedDeliveries = failedDeliveries
        self.idempotencyKeys = idempotencyKeys
        self.alerts = alerts
    }

    public static let standard = RetentionPolicy()
}

/// What one retention pass removed.
public struct RetentionOutcome: Sendable, Equatable {
    public var deliveries = 0
    public var attempts = 0
    public var idempotencyKeys = 0
    public var sessions = 0
    public var rateReservations = 0
    public var alerts = 0
    /// Notices to firms, and their attempts.
    public var notices = 0
    public var noticeAttempts = 0

    public init() {}

    public var total: Int { deliveries + attempts + idempotencyKeys + sessions + rateReservations + alerts + notices + noticeAttempts }

    public static func + (lhs: RetentionOutcome, rhs: RetentionOutcome) -> RetentionOutcome {
        var sum = lhs
        sum.deliveries += rhs.deliveries
        sum.attempts += rhs.attempts
        sum.idempotencyKeys += rhs.idempotencyKeys
        sum.sessions += rhs.sessions
        sum.rateReservations += rhs.rateReservations
        sum.alerts += rhs.alerts
        sum.notices += rhs.notices
        sum.noticeAttempts += rhs.noticeAttempts
        return sum
    }
}
