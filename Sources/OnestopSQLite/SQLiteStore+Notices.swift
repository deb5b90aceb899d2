import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: NoticeStore {
    public var noticeDoorbell: DeliveryDoorbell { noticeBell }

    public func request(shortLink key: String) async throws -> StoredServiceRequest? {
        try await writer.read { db in
            try ServiceRequestRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM service_request WHERE short_link = ?"), arguments: [key])?.stored
        }
    }

    public func stopNotices(requestID: String, at: Date) async throws -> StoredServiceRequest? {
        try await writer.write { db in
            let now = Milliseconds.from(at)
            try db.execute(sql: "UPDATE service_request SET notices_stopped_at = ? WHERE id = ? AND notices_stopped_at IS NULL",
                           arguments: [now, requestID])
            try db.execute(sql: "UPDATE firm_notice SET status = 'stopped', lease = NULL WHERE request_id = ? AND status = 'pending'",
                           arguments: [requestID])
            return try ServiceRequestRecord.fetchOne(db, key: requestID)?.stored
        }
    }

    public func notices(ofRequest id: String) async throws -> [FirmNotice] {
        try await writer.read { db in
            try NoticeRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM firm_notice WHERE request_id = ? ORDER BY id"), arguments: [id])
                .map(\.notice)
        }
    }

    public func claimNotices(now: Date, leaseUntil: Date, limit: Int) async throws -> [ClaimedNotice] {
        try await writer.write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT n.*, r.enterprise, r.token_nonce, r.notices_stopped_at, r.sms_unreachable_at, r.email_unreachable_at
                FROM firm_notice n JOIN service_request r ON r.id = n.request_id
                WHERE n.status = 'pending' AND n.next_attempt_at <= ? ORDER BY n.next_attempt_at, n.id LIMIT ?
                """), arguments: [Milliseconds.from(now), limit])
            let lease = Int64.random(in: 1...Int64.max)
            let until = Milliseconds.from(leaseUntil)
            let take = try db.cachedStatement(sql: "UPDATE firm_notice SET lease = ?, next_attempt_at = ? WHERE id = ?")
            let end = try db.cachedStatement(sql: "UPDATE firm_notice SET status = ?, lease = NULL WHERE id = ?")
            var claimed: [ClaimedNotice] = []
            for row in rows {
                let claim = try NoticeClaimRow(row: row)
                switch NoticeClaimPlan.decide(claim) {
                case .end(let status):
                    try end.execute(arguments: [status.rawValue, claim.notice.id])
                case .send(let notice):
                    try take.execute(arguments: [lease, until, claim.notice.id])
                    claimed.append(ClaimedNotice(
                        id: notice.id, lease: lease, messageID: notice.messageID, requestID: notice.requestID, event: notice.event,
                        channel: notice.channel, facts: notice.facts, recipient: notice.recipient, tokenNonce: notice.tokenNonce, attempts: notice.attempts))
                }
            }
            return claimed
        }
    }

    public func reserveNoticeSend(recipient: String, limits: NoticeLimits, now: Date) async throws -> Date? {
        try await writer.write { db in
            let at = Milliseconds.from(now)
            try db.execute(sql: "DELETE FROM notice_send WHERE recipient = ? AND at <= ?", arguments: [recipient, at - limits.span])
            let sent = try Int64.fetchAll(db.cachedStatement(sql: "SELECT at FROM notice_send WHERE recipient = ? ORDER BY at"), arguments: [recipient])
            if let next = limits.nextAllowed(sent: sent, now: at) { return Milliseconds.date(next) }
            try db.execute(sql: "INSERT INTO notice_send (recipient, at) VALUES (?, ?)", arguments: [recipient, at])
            return nil
        }
    }

    public func settleNotices(_ results: [NoticeResult]) async throws {
        guard !results.isEmpty else { return }
        let plan = NoticeSettlePlan(results)
        try await writer.write { db in
            let update = try db.cachedStatement(sql: """
                UPDATE firm_notice SET status = ?, attempts = attempts + ?, next_attempt_at = ?, lease = NULL,
                    last_attempt_at = COALESCE(?, last_attempt_at), last_error = COALESCE(?, last_error), provider_id = ?
                WHERE id = ? AND lease = ?
                """)
            // Only a claim that still holds records its attempt: a stale one (its lease ended, or its notice ended meanwhile) changes nothing.
            var current: Set<Int64> = []
            for change in plan.changes {
                try update.execute(arguments: [change.status.rawValue, change.attempted, change.nextAttemptAt, change.lastAttemptAt, change.lastError,
                                               change.providerID, change.id, change.lease])
                if db.changesCount > 0 { current.insert(change.id) }
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO notice_attempt (notice_id, at, duration_ms, outcome, provider_code, error) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for attempt in plan.attempts where current.contains(attempt.notice) {
                try insert.execute(arguments: [attempt.notice, attempt.at, attempt.durationMilliseconds, attempt.outcome, attempt.providerCode,
                                               attempt.error])
            }
            for mark in plan.unreachable {
                let column = NoticeSettlePlan.unreachableColumn(mark.channel)
                try db.execute(sql: "UPDATE service_request SET \(column) = ? WHERE id = ? AND \(column) IS NULL", arguments: [mark.at, mark.request])
                try db.execute(sql: "UPDATE firm_notice SET status = 'unreachable', lease = NULL WHERE request_id = ? AND channel = ? AND status = 'pending'",
                               arguments: [mark.request, mark.channel.rawValue])
            }
        }
    }

    public func nextNoticeDue() async throws -> Date? {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT min(next_attempt_at) FROM firm_notice WHERE status = 'pending'").map(Milliseconds.date)
        }
    }

    public func noticeGauges() async throws -> [FirmNotice.Status: Int] {
        try await writer.read { db in
            var counts: [FirmNotice.Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM firm_notice GROUP BY status") {
                if let status = FirmNotice.Status(rawValue: row["status"]) { counts[status] = row["n"] }
            }
            return counts
        }
    }
}

extension NoticeClaimRow: FetchableRecord {}
