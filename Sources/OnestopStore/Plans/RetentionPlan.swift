import Foundation
import OnestopDomain

/// What a retention pass removes, decided apart from any database: the moment before which each kind of row
/// has served its purpose, in the stores' milliseconds, and how many deliveries go per transaction, so that
/// a pass over a year's backlog never holds the writer for long.
package struct RetentionPlan: Sendable, Equatable {
    package var succeededBefore: Int64
    package var failedBefore: Int64
    package var idempotencyBefore: Int64
    /// Sessions that expired before now.
    package var sessionsBefore: Int64
    /// Rate reservations older than any window a rate limit counts (a minute at most; a day to be sure).
    package var reservationsBefore: Int64
    package var alertsBefore: Int64
    package var batch: Int

    package init(_ policy: RetentionPolicy, now: Date, batch: Int = 500) {
        func before(_ age: TimeInterval) -> Int64 { Milliseconds.from(now.addingTimeInterval(-age)) }
        succeededBefore = before(policy.succeededDeliveries)
        failedBefore = before(policy.failedDeliveries)
        idempotencyBefore = before(policy.idempotencyKeys)
        sessionsBefore = Milliseconds.from(now)
        reservationsBefore = before(86_400)
        alertsBefore = before(policy.alerts)
        self.batch = batch
    }

    /// The delivery statuses a pass removes, each with its moment: a delivery is removed when its last
    /// attempt (or, with none, its creation) is older.
    package var deliveryCutoffs: [(status: String, before: Int64)] {
        [(Delivery.Status.succeeded.rawValue, succeededBefore), (Delivery.Status.failed.rawValue, failedBefore)]
    }
}
