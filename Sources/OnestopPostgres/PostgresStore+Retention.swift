import Foundation
import OnestopStore
import PostgresNIO

extension PostgresStore: RetentionStore {
    public func removeExpired(_ policy: RetentionPolicy, now: Date) async throws -> RetentionOutcome {
        let plan = RetentionPlan(policy, now: now)
        let swept = try await plan.removeDeliveries { status, before in
            try await removeBatch(of: "delivery", attempts: "delivery_attempt", key: "delivery_id", status: status, before: before, limit: plan.batch)
        }
        let notices = try await plan.removeNotices { status, before in
            try await removeBatch(of: "firm_notice", attempts: "notice_attempt", key: "notice_id", status: status, before: before, limit: plan.batch)
        }
        return try await pool.transaction { connection in
            var outcome = swept + notices
            func removed(_ query: PostgresQuery) async throws -> Int {
                Int(try await connection.first(query, as: Int64.self) ?? 0)
            }
            outcome.idempotencyKeys = try await removed("""
                WITH gone AS (DELETE FROM idempotency_key WHERE created_at < \(plan.idempotencyBefore) RETURNING 1) SELECT count(*) FROM gone
                """)
            outcome.sessions = try await removed("""
                WITH gone AS (DELETE FROM console_session WHERE expires_at <= \(plan.sessionsBefore) RETURNING 1) SELECT count(*) FROM gone
                """)
            outcome.rateReservations = try await removed("""
                WITH gone AS (DELETE FROM endpoint_send WHERE at < \(plan.reservationsBefore) RETURNING 1) SELECT count(*) FROM gone
                """)
            outcome.rateReservations += try await removed("""
                WITH gone AS (DELETE FROM notice_send WHERE at < \(plan.reservationsBefore) RETURNING 1) SELECT count(*) FROM gone
                """)
            outcome.alerts = try await removed("""
                WITH gone AS (DELETE FROM staff_alert WHERE at < \(plan.alertsBefore) RETURNING 1) SELECT count(*) FROM gone
                """)
            return outcome
        }
    }

    /// At most `limit` rows of an outbox `table` (deliveries or notices) in `status` whose last attempt (or, with none,
    /// creation) is before `before`, removed with their rows in `attempts`, in one transaction. Rows a worker holds are
    /// skipped, not waited for: a later pass takes them.
    private func removeBatch(of table: String, attempts: String, key: String, status: String, before: Int64, limit: Int) async throws -> (Int, Int) {
        try await pool.transaction { connection -> (Int, Int) in
            var binds = PostgresBindings()
            binds.append(status)
            binds.append(before)
            binds.append(limit)
            let ids = try await connection.all(PostgresQuery(unsafeSQL: """
                SELECT id FROM \(table)
                WHERE status = $1 AND created_at < $2 AND COALESCE(last_attempt_at, created_at) < $2
                ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED
                """, binds: binds), as: Int64.self)
            guard !ids.isEmpty else { return (0, 0) }
            var idBinds = PostgresBindings()
            idBinds.append(ids)
            let removedAttempts = try await connection.first(PostgresQuery(unsafeSQL: """
                WITH gone AS (DELETE FROM \(attempts) WHERE \(key) = ANY($1) RETURNING 1) SELECT count(*) FROM gone
                """, binds: idBinds), as: Int64.self) ?? 0
            let removed = try await connection.first(PostgresQuery(unsafeSQL: """
                WITH gone AS (DELETE FROM \(table) WHERE id = ANY($1) RETURNING 1) SELECT count(*) FROM gone
                """, binds: idBinds), as: Int64.self) ?? 0
            return (Int(removed), Int(removedAttempts))
        }
    }
}
