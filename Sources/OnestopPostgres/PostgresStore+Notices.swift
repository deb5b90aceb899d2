import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: NoticeStore {
    public var noticeDoorbell: DeliveryDoorbell { noticeBell }

    public func request(shortLink key: String) async throws -> StoredServiceRequest? {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM service_request t WHERE short_link = \(key)", as: ServiceRequestRecord.self)
                .first?.stored
        }
    }

    public func stopNotices(requestID: String, at: Date) async throws -> StoredServiceRequest? {
        try await pool.transaction { connection in
            try await connection.run("""
                UPDATE service_request SET notices_stopped_at = \(Milliseconds.from(at)) WHERE id = \(requestID) AND notices_stopped_at IS NULL
                """)
            try await connection.run("UPDATE firm_notice SET status = 'stopped', lease = NULL WHERE request_id = \(requestID) AND status = 'pending'")
            return try await Self.storedRequest(requestID, connection)
        }
    }

    public func notices(ofRequest id: String) async throws -> [FirmNotice] {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM firm_notice t WHERE request_id = \(id) ORDER BY id", as: NoticeRecord.self)
                .map(\.notice)
        }
    }

    /// Rows another instance holds are skipped (`SKIP LOCKED`), so that instances claim different notices.
    public func claimNotices(now: Date, leaseUntil: Date, limit: Int) async throws -> [ClaimedNotice] {
        guard limit > 0 else { return [] }
        return try await pool.transaction { connection in
            let rows = try await connection.records("""
                WITH due AS (
                    SELECT id FROM firm_notice WHERE status = 'pending' AND next_attempt_at <= \(Milliseconds.from(now))
                    ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                )
                SELECT (to_jsonb(n) || jsonb_build_object('enterprise', r.enterprise, 'token_nonce', r.token_nonce,
                    'notices_stopped_at', r.notices_stopped_at, 'sms_unreachable_at', r.sms_unreachable_at,
                    'email_unreachable_at', r.email_unreachable_at))::text
                FROM due JOIN firm_notice n ON n.id = due.id JOIN service_request r ON r.id = n.request_id
                ORDER BY n.next_attempt_at, n.id
                """, as: NoticeClaimRow.self)
            let lease = Int64.random(in: 1...Int64.max)
            var taken: [Int64] = []
            var ended: [(id: Int64, status: String)] = []
            var claimed: [ClaimedNotice] = []
            for row in rows {
                switch NoticeClaimPlan.decide(row) {
                case .end(let status):
                    ended.append((row.notice.id ?? 0, status.rawValue))
                case .send(let notice):
                    taken.append(notice.id)
                    claimed.append(ClaimedNotice(
                        id: notice.id, lease: lease, messageID: notice.messageID, requestID: notice.requestID, event: notice.event,
                        channel: notice.channel, facts: notice.facts, recipient: notice.recipient, tokenNonce: notice.tokenNonce, attempts: notice.attempts))
                }
            }
            if !taken.isEmpty {
                try await connection.run("""
                    UPDATE firm_notice SET lease = \(lease), next_attempt_at = \(Milliseconds.from(leaseUntil)) WHERE id = ANY(\(taken))
                    """)
            }
            if !ended.isEmpty {
                try await connection.run("""
                    UPDATE firm_notice n SET status = e.status, lease = NULL FROM unnest(\(ended.map(\.id)), \(ended.map(\.status))) AS e(id, status)
                    WHERE n.id = e.id
                    """)
            }
            return claimed
        }
    }

    /// A transaction-scoped advisory lock on the recipient serialises reservations for it across instances.
    public func reserveNoticeSend(recipient: String, limits: NoticeLimits, now: Date) async throws -> Date? {
        try await pool.transaction { connection in
            let at = Milliseconds.from(now)
            try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\("notice_send:" + recipient), 0))")
            try await connection.run("DELETE FROM notice_send WHERE recipient = \(recipient) AND at <= \(at - limits.span)")
            let sent = try await connection.all("SELECT at FROM notice_send WHERE recipient = \(recipient) ORDER BY at", as: Int64.self)
            if let next = limits.nextAllowed(sent: sent, now: at) { return Milliseconds.date(next) }
            try await connection.run("INSERT INTO notice_send (recipient, at) VALUES (\(recipient), \(at))")
            return nil
        }
    }

    public func settleNotices(_ results: [NoticeResult]) async throws {
        guard !results.isEmpty else { return }
        let plan = NoticeSettlePlan(results)
        let changes = try RecordJSON.array(plan.changes.map { change in
            SettledNotice(id: change.id, lease: change.lease, status: change.status.rawValue, attempted: change.attempted,
                          next_attempt_at: change.nextAttemptAt, last_attempt_at: change.lastAttemptAt, last_error: change.lastError,
                          provider_id: change.providerID)
        })
        let attempts = try RecordJSON.array(plan.attempts.map { attempt in
            NoticeAttemptRow(notice_id: attempt.notice, at: attempt.at, duration_ms: attempt.durationMilliseconds, outcome: attempt.outcome,
                             provider_code: attempt.providerCode, error: attempt.error)
        })
        try await pool.transaction { connection in
            // Only a claim that still holds records its attempt: a stale one changes nothing.
            try await connection.run("""
                WITH settled AS (
                    UPDATE firm_notice n SET status = c.status, attempts = n.attempts + c.attempted, next_attempt_at = c.next_attempt_at, lease = NULL,
                        last_attempt_at = COALESCE(c.last_attempt_at, n.last_attempt_at), last_error = COALESCE(c.last_error, n.last_error),
                        provider_id = c.provider_id
                    FROM json_to_recordset(\(changes)::json) AS c(id bigint, lease bigint, status text, attempted integer, next_attempt_at bigint,
                        last_attempt_at bigint, last_error text, provider_id text)
                    WHERE n.id = c.id AND n.lease = c.lease
                    RETURNING n.id
                )
                INSERT INTO notice_attempt (notice_id, at, duration_ms, outcome, provider_code, error)
                SELECT a.notice_id, a.at, a.duration_ms, a.outcome, a.provider_code, a.error
                FROM json_populate_recordset(NULL::notice_attempt, \(attempts)::json) a JOIN settled ON settled.id = a.notice_id
                """)
            for mark in plan.unreachable {
                let column = NoticeSettlePlan.unreachableColumn(mark.channel)
                try await connection.run(PostgresQuery(unsafeSQL: "UPDATE service_request SET \(column) = $1 WHERE id = $2 AND \(column) IS NULL",
                                                       binds: Self.binds(mark.at, mark.request)))
                try await connection.run("""
                    UPDATE firm_notice SET status = 'unreachable', lease = NULL
                    WHERE request_id = \(mark.request) AND channel = \(mark.channel.rawValue) AND status = 'pending'
                    """)
            }
        }
    }

    public func nextNoticeDue() async throws -> Date? {
        try await pool.read { connection in
            try await connection.first("SELECT min(next_attempt_at) FROM firm_notice WHERE status = 'pending'", as: Int64?.self).flatMap { $0 }
                .map(Milliseconds.date)
        }
    }

    public func noticeGauges() async throws -> [FirmNotice.Status: Int] {
        try await pool.read { connection in
            let counts = try await connection.records("""
                SELECT COALESCE(json_object_agg(status, n), '{}'::json)::text FROM (SELECT status, count(*) AS n FROM firm_notice GROUP BY status) t
                """, as: [String: Int].self).first ?? [:]
            return Dictionary(uniqueKeysWithValues: counts.compactMap { key, value in FirmNotice.Status(rawValue: key).map { ($0, value) } })
        }
    }

    private static func binds(_ at: Int64, _ id: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(at)
        binds.append(id)
        return binds
    }
}

private struct SettledNotice: Encodable {
    var id: Int64
    var lease: Int64
    var status: String
    var attempted: Int
    var next_attempt_at: Int64?
    var last_attempt_at: Int64?
    var last_error: String?
    var provider_id: String?
}

private struct NoticeAttemptRow: Encodable {
    var notice_id: Int64
    var at: Int64
    var duration_ms: Int
    var outcome: String
    var provider_code: String?
    var error: String?
}
