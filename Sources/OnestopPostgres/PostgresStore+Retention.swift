import Foundation
import OnestopStore
import PostgresNIO

extension PostgresStore: RetentionStore {
    public func removeExpired(_ policy: RetentionPolicy, now: Date) async throws -> RetentionOutcome {
        let plan = RetentionPlan(policy, now: now)
        let swept = try await plan.removeDeliveries { status, before in
            try await pool.transaction { connection -> (Int, Int) in
                // Rows a worker holds are skipped, not waited for: a later pass takes them.
                let ids = try await connection.all("""
                    SELECT id FROM delivery
                    WHERE status = \(status) AND created_at < \(before) AND COALESCE(last_attempt_at, created_at) < \(before)
                    ORDER BY created_at LIMIT \(plan.batch) FOR UPDATE SKIP LOCKED
                    """, as: Int64.self)
                guard !ids.isEmpty else { return (0, 0) }
                let attempts = try await connection.first("""
                    WITH gone AS (DELETE FROM delivery_attempt WHERE delivery_id = ANY(\(ids)) RETURNING 1) SELECT count(*) FROM gone
                    """, as: Int64.self) ?? 0
                let deliveries = try await connection.first("""
                    WITH gone AS (DELETE FROM delivery WHERE id = ANY(\(ids)) RETURNING 1) SELECT count(*) FROM gone
                    """, as: Int64.self) ?? 0
                return (Int(deliveries), Int(attempts))
            }
        }
        let notices = try await plan.removeNotices { status, before in
            try await pool.transaction { connection -> (Int, Int) in
                let ids = try await connection.all("""
                    SELECT id FROM firm_notice
                    WHERE status = \(status) AND created_at < \(before) AND COALESCE(last_attempt_at, created_at) < \(before)
                    ORDER BY created_at LIMIT \(plan.batch) FOR UPDATE SKIP LOCKED
                    """, as: Int64.self)
                guard !ids.isEmpty else { return (0, 0) }
                let attempts = try await connection.first("""
                    WITH gone AS (DELETE FROM notice_attempt WHERE notice_id = ANY(\(ids)) RETURNING 1) SELECT count(*) FROM gone
                    """, as: Int64.self) ?? 0
                let removed = try await connection.first("""
                    WITH gone AS (DELETE FROM firm_notice WHERE id = ANY(\(ids)) RETURNING 1) SELECT count(*) FROM gone
                    """, as: Int64.self) ?? 0
                return (Int(removed), Int(attempts))
            }
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
}
