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

    /// The notice statuses a pass removes, with their moments: sent and stopped ones as succeeded deliveries go,
    /// failed and unreachable ones as failed deliveries go.
    package var noticeCutoffs: [(status: String, before: Int64)] {
        [(FirmNotice.Status.sent.rawValue, succeededBefore), (FirmNotice.Status.stopped.rawValue, succeededBefore),
         (FirmNotice.Status.failed.rawValue, failedBefore), (FirmNotice.Status.unreachable.rawValue, failedBefore)]
    }

    /// Removes deliveries a batch at a time, each batch in a transaction of its own (`removeBatch`, given a
    /// status and its moment, removes at most ``batch`` of them with their attempts), until a batch comes back
    /// short; returns what went.
    package func removeDeliveries(_ removeBatch: (_ status: String, _ before: Int64) async throws -> (deliveries: Int, attempts: Int))
        async rethrows -> RetentionOutcome {
        let removed = try await inBatches(deliveryCutoffs, removeBatch)
        var outcome = RetentionOutcome()
        (outcome.deliveries, outcome.attempts) = removed
        return outcome
    }

    /// Removes notices to firms as ``removeDeliveries(_:)`` removes deliveries.
    package func removeNotices(_ removeBatch: (_ status: String, _ before: Int64) async throws -> (notices: Int, attempts: Int))
        async rethrows -> RetentionOutcome {
        let removed = try await inBatches(noticeCutoffs, removeBatch)
        var outcome = RetentionOutcome()
        (outcome.notices, outcome.noticeAttempts) = removed
        return outcome
    }

    private func inBatches(_ cutoffs: [(status: String, before: Int64)], _ removeBatch: (String, Int64) async throws -> (Int, Int))
        async rethrows -> (rows: Int, attempts: Int) {
        var total = (rows: 0, attempts: 0)
        for cutoff in cutoffs {
            while true {
                let removed = try await removeBatch(cutoff.status, cutoff.before)
                total.rows += removed.0
                total.attempts += removed.1
                if removed.0 < batch { break }
            }
        }
        return total
    }
}
