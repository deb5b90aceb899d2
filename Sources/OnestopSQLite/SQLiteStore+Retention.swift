import Foundation
import GRDB
import OnestopStore

extension SQLiteStore: RetentionStore {
    public func removeExpired(_ policy: RetentionPolicy, now: Date) async throws -> RetentionOutcome {
        let plan = RetentionPlan(policy, now: now)
        let swept = try await plan.removeDeliveries { status, before in
            try await removeBatch(of: "delivery", attempts: "delivery_attempt", key: "delivery_id", status: status, before: before, limit: plan.batch)
        }
        let notices = try await plan.removeNotices { status, before in
            try await removeBatch(of: "firm_notice", attempts: "notice_attempt", key: "notice_id", status: status, before: before, limit: plan.batch)
        }
        return try await writer.write { db in
            var outcome = swept + notices
            try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at < ?", arguments: [plan.idempotencyBefore])
            outcome.idempotencyKeys = db.changesCount
            try db.execute(sql: "DELETE FROM console_session WHERE expires_at <= ?", arguments: [plan.sessionsBefore])
            outcome.sessions = db.changesCount
            try db.execute(sql: "DELETE FROM endpoint_send WHERE at < ?", arguments: [plan.reservationsBefore])
            outcome.rateReservations = db.changesCount
            try db.execute(sql: "DELETE FROM notice_send WHERE at < ?", arguments: [plan.reservationsBefore])
            outcome.rateReservations += db.changesCount
            try db.execute(sql: "DELETE FROM staff_alert WHERE at < ?", arguments: [plan.alertsBefore])
            outcome.alerts = db.changesCount
            return outcome
        }
    }

    /// At most `limit` rows of an outbox `table` (deliveries or notices) in `status` whose last attempt (or, with none,
    /// creation) is before `before`, removed with their rows in `attempts`, in one transaction.
    private func removeBatch(of table: String, attempts: String, key: String, status: String, before: Int64, limit: Int) async throws -> (Int, Int) {
        try await writer.write { db -> (Int, Int) in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM \(table)
                WHERE status = ? AND created_at < ? AND COALESCE(last_attempt_at, created_at) < ?
                ORDER BY created_at LIMIT ?
                """, arguments: [status, before, before, limit])
            guard !ids.isEmpty else { return (0, 0) }
            let list = ids.map(String.init).joined(separator: ",")
            try db.execute(sql: "DELETE FROM \(attempts) WHERE \(key) IN (\(list))")
            let removedAttempts = db.changesCount
            try db.execute(sql: "DELETE FROM \(table) WHERE id IN (\(list))")
            return (db.changesCount, removedAttempts)
        }
    }
}
