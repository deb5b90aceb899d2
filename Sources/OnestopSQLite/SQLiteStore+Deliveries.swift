import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: DeliveryStore {
    public var deliveryDoorbell: DeliveryDoorbell { doorbell }

    /// The live endpoint's row, its URL and secrets opened with `key`.
    static func endpointRecord(_ id: String, in db: Database, key: DataKey) throws -> EndpointRecord? {
        try EndpointRecord.filter(key: id).filter(EndpointRecord.Columns.deletedAt == nil).fetchOne(db)?.opened(with: key)
    }

    /// Reads the live endpoint, asks `plan` what to write and writes it with its audit entry, in one transaction;
    /// nil when there is no such endpoint.
    func changeEndpoint(_ id: String, _ plan: @escaping @Sendable (EndpointRecord) -> EndpointPlan.Write?) async throws -> WebhookEndpoint? {
        try await writer.write { db in
            guard let old = try Self.endpointRecord(id, in: db, key: dataKey) else { return nil }
            guard let write = plan(old) else { return old.endpoint }
            try Self.write(write, in: db, key: dataKey)
            return write.record.endpoint
        }
    }

    /// Writes the row sealed under `key`, with its audit entry.
    static func write(_ write: EndpointPlan.Write, in db: Database, key: DataKey) throws {
        try write.record.sealed(with: key).save(db)
        var audit = write.audit
        try audit.insert(db)
    }

    public func createEndpoint(_ new: NewEndpoint) async throws -> WebhookEndpoint {
        let plan = EndpointPlan.create(new, id: "ep_" + RandomText.base62(count: 16))
        return try await writer.write { db in
            guard try StationRecord.exists(db, key: new.station) else { throw StoreError.unknownStation(new.station) }
            try Self.write(plan, in: db, key: dataKey)
            return plan.record.endpoint
        }
    }

    public func endpoints(station: String?) async throws -> [WebhookEndpoint] {
        try await writer.read { db in
            var request = EndpointRecord.filter(EndpointRecord.Columns.deletedAt == nil)
            if let station { request = request.filter(EndpointRecord.Columns.stationId == station) }
            return try request.order(EndpointRecord.Columns.createdAt, EndpointRecord.Columns.id).fetchAll(db).map { try $0.opened(with: dataKey).endpoint }
        }
    }

    public func endpoint(id: String) async throws -> WebhookEndpoint? {
        try await writer.read { db in try Self.endpointRecord(id, in: db, key: dataKey)?.endpoint }
    }

    public func endpointTarget(id: String, at: Date) async throws -> EndpointTarget? {
        try await writer.read { db in
            try Self.endpointRecord(id, in: db, key: dataKey).map { EndpointTarget(endpoint: $0.endpoint, secrets: $0.secrets(at: Milliseconds.from(at))) }
        }
    }

    public func updateEndpoint(id: String, _ update: EndpointUpdate, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await changeEndpoint(id) { EndpointPlan.update($0, update, actor: actor, at: at) }
    }

    public func setEndpointEnabled(id: String, enabled: Bool, reason: String?, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await changeEndpoint(id) { EndpointPlan.setEnabled($0, enabled: enabled, reason: reason, actor: actor, at: at) }
    }

    public func deleteEndpoint(id: String, actor: String, at: Date) async throws -> Bool {
        try await writer.write { db in
            guard let old = try Self.endpointRecord(id, in: db, key: dataKey) else { return false }
            try Self.write(EndpointPlan.delete(old, actor: actor, at: at), in: db, key: dataKey)
            try db.execute(sql: """
                UPDATE delivery SET status = 'failed', next_attempt_at = NULL, lease = NULL, last_error = 'endpoint deleted'
                WHERE endpoint_id = ? AND status = 'pending'
                """, arguments: [id])
            try EndpointSendRecord.filter(EndpointSendRecord.Columns.endpointId == id).deleteAll(db)
            return true
        }
    }

    public func claimDeliveries(now: Date, leaseUntil: Date, limit: Int, perEndpoint: Int, perRobot: Int, busy: [String: Int]) async throws
        -> [ClaimedDelivery]
    {
        guard limit > 0 else { return [] }
        let lease = Int64.random(in: 1...Int64.max)
        let nowMs = Milliseconds.from(now)
        return try await writer.write { db in
            // One indexed look-up per enabled endpoint with room, rather than ranking every due row:
            // the cost follows what is claimed, not how long the queue is.
            var chosen: [(id: Int64, due: Int64)] = []
            let due = try db.cachedStatement(sql: """
                SELECT id, next_attempt_at FROM delivery INDEXED BY delivery_endpoint_due
                WHERE endpoint_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?
                """)
            // A robot's messages go oldest first, so that a group reads them in order after a pause.
            let oldestDue = try db.cachedStatement(sql: """
                SELECT id, next_attempt_at FROM delivery INDEXED BY delivery_endpoint_pending
                WHERE endpoint_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """)
            let enabled = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.id, \(EndpointSettings.robotSQL) AS robot FROM webhook_endpoint e
                WHERE e.enabled = 1 AND (e.paused_until IS NULL OR e.paused_until <= ?)
                """), arguments: [nowMs])
            for endpoint in enabled {
                let id: String = endpoint["id"]
                let robot: Bool = endpoint["robot"]
                let room = (robot ? perRobot : perEndpoint) - (busy[id] ?? 0)
                guard room > 0 else { continue }
                for row in try Row.fetchAll(robot ? oldestDue : due, arguments: [id, nowMs, room]) {
                    chosen.append((row[0], row[1]))
                }
            }
            chosen.sort { ($0.due, $0.id) < ($1.due, $1.id) }
            let ids = chosen.prefix(limit).map(\.id)
            guard !ids.isEmpty else { return [] }
            let claimed = try DeliveryRecord.fetchAll(db, sql: """
                UPDATE delivery SET next_attempt_at = ?, lease = ?
                WHERE id IN (SELECT value FROM json_each(?))
                RETURNING *
                """, arguments: [Milliseconds.from(leaseUntil), lease, "[" + ids.map(String.init).joined(separator: ",") + "]"])
            let endpoints = try Self.endpointRecords(Set(claimed.map(\.endpointId)), in: db, key: dataKey)
            return claimed.compactMap { delivery in
                endpoints[delivery.endpointId]?.claimed(delivery, lease: lease, leaseUntil: leaseUntil, now: nowMs)
            }
        }
    }

    /// The rows of `ids`, deleted ones included, by id.
    static func endpointRecords(_ ids: Set<String>, in db: Database, key: DataKey) throws -> [String: EndpointRecord] {
        let records = try EndpointRecord.filter(keys: Array(ids)).fetchAll(db).map { try $0.opened(with: key) }
        return Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func reserveSend(endpoint: String, rate: EndpointRate, minute: Duration, now: Date, latest: Date) async throws -> SendReservation {
        try await writer.write { db in
            let limits = RateWindow(rate: rate, minute: minute)
            let horizon = Milliseconds.from(now.addingTimeInterval(-limits.span))
            let sends = EndpointSendRecord.filter(EndpointSendRecord.Columns.endpointId == endpoint)
            try sends.filter(EndpointSendRecord.Columns.at < horizon).deleteAll(db)
            // Only the last sends of the longest count matter.
            let sent = try sends.order(EndpointSendRecord.Columns.at.desc).limit(limits.depth).fetchAll(db).map(\.at).reversed()
            let paused: Int64? = try Row.fetchOne(db, sql: "SELECT paused_until FROM webhook_endpoint WHERE id = ?", arguments: [endpoint])?["paused_until"]
            let reservation = SendReservation.decide(rate: rate, minute: minute, sent: sent.map(Milliseconds.date),
                                                     pausedUntil: paused.map(Milliseconds.date), now: now, latest: latest)
            if reservation.reserved {
                try EndpointSendRecord(endpointId: endpoint, at: Milliseconds.from(reservation.at)).insert(db)
            }
            return reservation
        }
    }

    public func releaseDeliveries(_ claims: [(id: Int64, lease: Int64)], at: Date) async throws {
        guard !claims.isEmpty else { return }
        try await writer.write { db in
            for claim in claims {
                try db.execute(sql: """
                    UPDATE delivery SET next_attempt_at = ?, lease = NULL WHERE id = ? AND lease = ? AND status = 'pending'
                    """, arguments: [Milliseconds.from(at), claim.id, claim.lease])
            }
        }
    }

    public func settleDeliveries(_ results: [DeliveryResult]) async throws -> [StaffAlert] {
        guard !results.isEmpty else { return [] }
        return try await writer.write { db in
            var endpoints: [String: EndpointRecord] = [:]
            var signatureAlerts: [StaffAlertRecord] = []
            if SettlePlan.readsEndpoints(results) {
                endpoints = try Self.endpointRecords(Set(results.map(\.endpoint)), in: db, key: dataKey)
                signatureAlerts = try StaffAlertRecord
                    .filter(StaffAlertRecord.Columns.kind == StaffAlert.Kind.signatureRefused.rawValue)
                    .filter(endpoints.keys.contains(StaffAlertRecord.Columns.endpointId))
                    .filter(StaffAlertRecord.Columns.at > SettlePlan.signatureAlertCutoff(results))
                    .fetchAll(db)
            }
            let plan = SettlePlan(results, endpoints: endpoints, signatureAlerts: signatureAlerts)
            let insertAttempt = try db.cachedStatement(sql: """
                INSERT INTO delivery_attempt (delivery_id, at, status_code, duration_ms, response, error) VALUES (?, ?, ?, ?, ?, ?)
                """)
            for attempt in plan.attempts {
                try insertAttempt.execute(arguments: [attempt.deliveryId, attempt.at, attempt.statusCode, attempt.durationMs, attempt.response, attempt.error])
            }
            let settle = try db.cachedStatement(sql: """
                UPDATE delivery SET status = ?, next_attempt_at = ?, lease = NULL, attempts = attempts + 1, last_attempt_at = ?,
                    last_status_code = ?, last_error = ?
                WHERE id = ? AND lease = ?
                """)
            for settlement in plan.settlements {
                try settle.execute(arguments: [settlement.status, settlement.next, settlement.at, settlement.code, settlement.error, settlement.id,
                                               settlement.lease])
            }
            let markHealthy = try db.cachedStatement(sql: "UPDATE webhook_endpoint SET last_success_at = ?, failing_since = NULL WHERE id = ?")
            for healthy in plan.healthy { try markHealthy.execute(arguments: [healthy.at, healthy.id]) }
            for endpoint in plan.endpoints { try endpoint.sealed(with: dataKey).update(db) }
            for var audit in plan.audits { try audit.insert(db) }
            return try plan.alerts.map { alert in
                var alert = alert
                try alert.insert(db)
                return alert.alert
            }
        }
    }

    public func nextDeliveryDue(excluding: Set<String>) async throws -> Date? {
        try await writer.read { db in
            var earliest: Int64?
            for row in try Row.fetchAll(db, sql: "SELECT id, paused_until FROM webhook_endpoint WHERE enabled = 1") {
                let endpoint: String = row["id"]
                guard !excluding.contains(endpoint) else { continue }
                if var due = try Int64.fetchOne(db, sql: """
                    SELECT MIN(next_attempt_at) FROM delivery INDEXED BY delivery_endpoint_due WHERE endpoint_id = ? AND status = 'pending'
                    """, arguments: [endpoint])
                {
                    if let paused = row["paused_until"] as Int64? { due = max(due, paused) }
                    earliest = min(earliest ?? due, due)
                }
            }
            return earliest.map(Milliseconds.date)
        }
    }

    /// A delivery's columns, its body left out, and its endpoint's station.
    static let deliveryColumns = """
        d.id, d.message_id, d.endpoint_id, d.event_type, d.request_id, d.status, d.attempts, d.next_attempt_at, d.lease, d.created_at,
        d.last_attempt_at, d.last_status_code, d.last_error, e.station_id
        """

    public func deliveries(_ query: DeliveryQuery) async throws -> Page<Delivery> {
        try await writer.read { db in
            var filters = SQLiteFilter()
            filters.add("d.status = ?", query.status?.rawValue)
            filters.add("d.endpoint_id = ?", query.endpoint)
            filters.add("d.request_id = ?", query.requestID)
            filters.period("d.created_at", from: query.from, to: query.to)
            let (filter, arguments) = (filters.clause, filters.arguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery d \(filter)", arguments: arguments) ?? 0
            let items = try StationDeliveryRecord.fetchAll(db, sql: """
                SELECT \(Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                \(filter) ORDER BY d.id DESC LIMIT ? OFFSET ?
                """, arguments: arguments + [query.page.perPage, query.page.offset]).map(\.value)
            return Page(items: items, total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    public func delivery(id: Int64) async throws -> DeliveryDetail? {
        try await writer.read { db in
            guard let listed = try StationDeliveryRecord.fetchOne(db, sql: """
                SELECT \(Self.deliveryColumns), d.payload FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = ?
                """, arguments: [id])
            else { return nil }
            let attempts = try DeliveryAttemptRecord.filter(DeliveryAttemptRecord.Columns.deliveryId == id)
                .order(DeliveryAttemptRecord.Columns.id).fetchAll(db)
            return DeliveryDetail(delivery: listed.value, payload: String(decoding: listed.delivery.payload ?? Data(), as: UTF8.self),
                                  attempts: attempts.map(\.attempt))
        }
    }

    public func redeliver(id: Int64, at: Date) async throws -> Delivery? {
        let result = try await writer.write { db -> Delivery? in
            try db.execute(sql: """
                UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = ?, lease = NULL
                WHERE id = ? AND status != 'pending' AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL)
                """, arguments: [Milliseconds.from(at), id])
            return try StationDeliveryRecord.fetchOne(db, sql: """
                SELECT \(Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = ?
                """, arguments: [id])?.value
        }
        doorbell.ring()
        return result
    }

    public func redeliverFailed(endpoint: String, since: Date, at: Date) async throws -> Int {
        let count = try await writer.write { db -> Int in
            try db.execute(sql: """
                UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = ?, lease = NULL
                WHERE endpoint_id = ? AND status = 'failed' AND created_at >= ?
                    AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL)
                """, arguments: [Milliseconds.from(at), endpoint, Milliseconds.from(since)])
            return db.changesCount
        }
        if count > 0 { doorbell.ring() }
        return count
    }

    public func alerts(page: PageRequest) async throws -> Page<StaffAlert> {
        try await writer.read { db in
            let total = try StaffAlertRecord.fetchCount(db)
            let items = try StaffAlertRecord.order(StaffAlertRecord.Columns.id.desc).limit(page.perPage, offset: page.offset).fetchAll(db)
            return Page(items: items.map(\.alert), total: total, page: page.page, perPage: page.perPage)
        }
    }

    public func deliveryGauges(now: Date) async throws -> DeliveryGauges {
        try await writer.read { db in
            let nowMs = Milliseconds.from(now)
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE status = 'pending'") ?? 0
            let due = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, MIN(d.next_attempt_at) AS oldest FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND e.enabled = 1
                """, arguments: [nowMs])
            let oldest = due?["oldest"] as Int64?
            let disabled = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM webhook_endpoint WHERE enabled = 0 AND deleted_at IS NULL") ?? 0
            let failed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE status = 'failed'") ?? 0
            return DeliveryGauges(pending: pending, due: due?["n"] ?? 0, oldestDueAge: oldest.map { Double(nowMs - $0) / 1000 } ?? 0,
                                  disabledEndpoints: disabled, failed: failed)
        }
    }
}
