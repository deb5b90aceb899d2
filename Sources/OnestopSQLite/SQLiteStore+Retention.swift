import Foundation
import GRDB
import OnestopStore

extension SQLiteStore: RetentionStore {
    public func removeExpired(_ policy: RetentionPolicy, now: Date) async throws -> RetentionOutcome {
        let plan = RetentionPlan(policy, now: now)
        let swept = try await plan.removeDeliveries { status, before in
            try await writer.write { db -> (Int, Int) in
                let ids = try Int64.fetchAll(db, sql: """
                    SELECT id FROM delivery
                    WHERE status = ? AND created_at < ? AND COALESCE(last_attempt_at, created_at) < ?
                    ORDER BY created_at LIMIT ?
                    """, arguments: [status, before, before, plan.batch])
                guard !ids.isEmpty else { return (0, 0) }
                let list = ids.map(String.init).joined(separator: ",")
                try db.execute(sql: "DELETE FROM delivery_attempt WHERE delivery_id IN (\(list))")
                let attempts = db.changesCount
                try db.execute(sql: "DELETE FROM delivery WHERE id IN (\(list))")
                return (db.changesCount, attempts)
            }
        }
        let notices = try await plan.removeNotices { status, before in
            try await writer.write { db -> (Int, Int) in
                let ids = try Int64.fetchAll(db, sql: """
                    SELECT id FROM firm_notice
                    WHERE status = ? AND created_at < ? AND COALESCE(last_attempt_at, created_at) < ?
                    ORDER BY created_at LIMIT ?
                    """, arguments: [status, before, before, plan.batch])
                guard !ids.isEmpty else { return (0, 0) }
                let list = ids.map(String.init).joined(separator: ",")
                try db.execute(sql: "DELETE FROM notice_attempt WHERE notice_id IN (\(list))")
                let attempts = db.changesCount
                try db.execute(sql: "DELETE FROM firm_notice WHERE id IN (\(list))")
                return (db.changesCount, attempts)
            }
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
}
