import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: DeliveryStore {
    public var deliveryDoorbell: DeliveryDoorbell { doorbell }

    /// Endpoint rows, their URLs and secrets opened with `key`.
    static func endpointRecords(_ query: PostgresQuery, _ connection: PostgresConnection, key: DataKey) async throws -> [EndpointRecord] {
        try await connection.records(query, as: EndpointRecord.self).map { try $0.opened(with: key) }
    }

    /// The live endpoint's row, locked for a change when `forUpdate`.
    static func endpointRecord(_ id: String, _ connection: PostgresConnection, key: DataKey, forUpdate: Bool = false) async throws -> EndpointRecord? {
        try await endpointRecords("""
            SELECT row_to_json(t)::text FROM webhook_endpoint t WHERE id = \(id) AND deleted_at IS NULL \(unescaped: forUpdate ? "FOR NO KEY UPDATE" : "")
            """, connection, key: key).first
    }

    /// Reads the live endpoint under lock, asks `plan` what to write and writes it with its audit entry, in one
    /// transaction; nil when there is no such endpoint.
    func changeEndpoint(_ id: String, _ plan: @escaping @Sendable (EndpointRecord) -> EndpointPlan.Write?) async throws -> WebhookEndpoint? {
        try await pool.transaction { connection in
            guard let old = try await Self.endpointRecord(id, connection, key: dataKey, forUpdate: true) else { return nil }
            guard let write = plan(old) else { return old.endpoint }
            try await Self.write(write, connection, key: dataKey)
            return write.record.endpoint
        }
    }

    static func write(_ write: EndpointPlan.Write, _ connection: PostgresConnection, key: DataKey) async throws {
        try await writeEndpoints([write.record], connection, key: key)
        try await insertAudits([write.audit], connection)
    }

    /// Writes endpoint rows, their URLs and secrets sealed under `key`.
    static func writeEndpoints(_ records: [EndpointRecord], _ connection: PostgresConnection, key: DataKey) async throws {
        try await upsert(records.map { $0.sealed(with: key) }, into: EndpointRecord.table, key: "id", columns: EndpointRecord.CodingKeys.allColumns, connection)
    }

    public func createEndpoint(_ new: NewEndpoint) async throws -> WebhookEndpoint {
        let plan = EndpointPlan.create(new, id: "ep_" + RandomText.base62(count: 16))
        return try await pool.transaction { connection in
            guard try await connection.first("SELECT 1 FROM station WHERE id = \(new.station)", as: Int.self) != nil else {
                throw StoreError.unknownStation(new.station)
            }
            try await Self.write(plan, connection, key: dataKey)
            return plan.record.endpoint
        }
    }

    public func endpoints(station: String?) async throws -> [WebhookEndpoint] {
        try await pool.read { connection in
            try await Self.endpointRecords("""
                SELECT row_to_json(t)::text FROM webhook_endpoint t
                WHERE deleted_at IS NULL AND (\(station)::text IS NULL OR station_id = \(station)) ORDER BY created_at, id
                """, connection, key: dataKey).map(\.endpoint)
        }
    }

    public func endpoint(id: String) async throws -> WebhookEndpoint? {
        try await pool.read { connection in try await Self.endpointRecord(id, connection, key: dataKey)?.endpoint }
    }

    public func endpointTarget(id: String, at: Date) async throws -> EndpointTarget? {
        try await pool.read { connection in
            try await Self.endpointRecord(id, connection, key: dataKey).map { EndpointTarget(endpoint: $0.endpoint, secrets: $0.secrets(at: Milliseconds.from(at))) }
        }
    }

    public func updateEndpoint(id: String, _ update: EndpointUpdate, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await changeEndpoint(id) { EndpointPlan.update($0, update, actor: actor, at: at) }
    }

    public func setEndpointEnabled(id: String, enabled: Bool, reason: String?, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await changeEndpoint(id) { EndpointPlan.setEnabled($0, enabled: enabled, reason: reason, actor: actor, at: at) }
    }

    public func deleteEndpoint(id: String, actor: String, at: Date) async throws -> Bool {
        try await pool.transaction { connection in
            guard let old = try await Self.endpointRecord(id, connection, key: dataKey, forUpdate: true) else { return false }
            try await Self.write(EndpointPlan.delete(old, actor: actor, at: at), connection, key: dataKey)
            try await connection.run("""
                UPDATE delivery SET status = 'failed', next_attempt_at = NULL, lease = NULL, last_error = 'endpoint deleted'
                WHERE endpoint_id = \(id) AND status = 'pending'
                """)
            try await connection.run("DELETE FROM endpoint_send WHERE endpoint_id = \(id)")
            return true
        }
    }

    /// Due deliveries, at most `perEndpoint` less `busy` per endpoint, oldest due first; rows another
    /// instance is claiming at this moment are skipped, not waited for.
    public func claimDeliveries(now: Date, leaseUntil: Date, limit: Int, perEndpoint: Int, perRobot: Int, busy: [String: Int]) async throws
        -> [ClaimedDelivery]
    {
        guard limit > 0 else { return [] }
        let lease = Int64.random(in: 1...Int64.max)
        let nowMs = Milliseconds.from(now)
        let busyIDs = Array(busy.keys)
        let busyCounts = busyIDs.map { busy[$0] ?? 0 }
        return try await pool.transaction { connection in
            let rows = try await connection.query("""
                WITH room AS (
                    SELECT e.id, \(unescaped: EndpointSettings.robotSQL) AS robot,
                        CASE WHEN \(unescaped: EndpointSettings.robotSQL) THEN \(perRobot) ELSE \(perEndpoint) END - COALESCE(b.busy, 0) AS room
                    FROM webhook_endpoint e LEFT JOIN unnest(\(busyIDs)::text[], \(busyCounts)::bigint[]) AS b(id, busy) ON b.id = e.id
                    WHERE e.enabled AND (e.paused_until IS NULL OR e.paused_until <= \(nowMs))
                ), due AS (
                    SELECT d.id, d.next_attempt_at FROM (SELECT * FROM room WHERE NOT robot) r CROSS JOIN LATERAL (
                        SELECT id, next_attempt_at FROM delivery
                        WHERE endpoint_id = r.id AND status = 'pending' AND next_attempt_at <= \(nowMs)
                        ORDER BY next_attempt_at, id LIMIT GREATEST(r.room, 0)
                        FOR UPDATE SKIP LOCKED
                    ) d
                ), oldest_due AS (
                    -- A robot's messages go oldest first, so that a group reads them in order after a pause.
                    SELECT d.id, d.next_attempt_at FROM (SELECT * FROM room WHERE robot) r CROSS JOIN LATERAL (
                        SELECT id, next_attempt_at FROM delivery
                        WHERE endpoint_id = r.id AND status = 'pending' AND next_attempt_at <= \(nowMs)
                        ORDER BY id LIMIT GREATEST(r.room, 0)
                        FOR UPDATE SKIP LOCKED
                    ) d
                ), chosen AS (
                    SELECT * FROM due UNION ALL SELECT * FROM oldest_due ORDER BY next_attempt_at, id LIMIT \(limit)
                )
                UPDATE delivery SET next_attempt_at = \(Milliseconds.from(leaseUntil)), lease = \(lease)
                FROM chosen WHERE delivery.id = chosen.id
                RETURNING \(unescaped: Self.deliveryJSON("delivery", payload: true))
                """, logger: PostgresPool.logger)
            var claimed: [DeliveryRecord] = []
            for try await text in rows.decode(String.self) {
                claimed.append(try JSONDecoder().decode(DeliveryRecord.self, from: Data(text.utf8)))
            }
            guard !claimed.isEmpty else { return [] }
            let endpoints = try await Self.endpointRecords(Set(claimed.map(\.endpointId)), connection, key: dataKey)
            return claimed.sorted { ($0.id ?? 0) < ($1.id ?? 0) }.compactMap { delivery in
                endpoints[delivery.endpointId]?.claimed(delivery, lease: lease, leaseUntil: leaseUntil, now: nowMs)
            }
        }
    }

    /// The rows of `ids`, deleted ones included, by id; locked in id order (as every writer of endpoints takes them) when `forUpdate`.
    static func endpointRecords(_ ids: Set<String>, _ connection: PostgresConnection, key: DataKey, forUpdate: Bool = false) async throws -> [String: EndpointRecord] {
        let records = try await endpointRecords("""
            SELECT row_to_json(t)::text FROM webhook_endpoint t WHERE id = ANY(\(Array(ids))) ORDER BY id \(unescaped: forUpdate ? "FOR NO KEY UPDATE" : "")
            """, connection, key: key)
        return Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func reserveSend(endpoint: String, rate: EndpointRate, minute: Duration, now: Date, latest: Date) async throws -> SendReservation {
        try await pool.transaction { connection in
            // The endpoint's row serialises reservations across instances.
            let paused = try await connection.first("""
                SELECT paused_until FROM webhook_endpoint WHERE id = \(endpoint) FOR NO KEY UPDATE
                """, as: Int64?.self).flatMap { $0 }
            let limits = RateWindow(rate: rate, minute: minute)
            try await connection.run("""
                DELETE FROM endpoint_send WHERE endpoint_id = \(endpoint) AND at < \(Milliseconds.from(now.addingTimeInterval(-limits.span)))
                """)
            var sent: [Date] = []
            // Only the last sends of the longest count matter.
            for try await at in try await connection.query("""
                SELECT at FROM endpoint_send WHERE endpoint_id = \(endpoint) ORDER BY at DESC LIMIT \(limits.depth)
                """, logger: PostgresPool.logger).decode(Int64.self) {
                sent.insert(Milliseconds.date(at), at: 0)
            }
            let reservation = SendReservation.decide(rate: rate, minute: minute, sent: sent, pausedUntil: paused.map(Milliseconds.date),
                                                     now: now, latest: latest)
            if reservation.reserved {
                try await connection.run("INSERT INTO endpoint_send (endpoint_id, at) VALUES (\(endpoint), \(Milliseconds.from(reservation.at)))")
            }
            return reservation
        }
    }

    public func releaseDeliveries(_ claims: [(id: Int64, lease: Int64)], at: Date) async throws {
        guard !claims.isEmpty else { return }
        try await pool.transaction { connection in
            try await connection.run("""
                UPDATE delivery SET next_attempt_at = \(Milliseconds.from(at)), lease = NULL
                FROM unnest(\(claims.map(\.id)), \(claims.map(\.lease))) AS c(id, lease)
                WHERE delivery.id = c.id AND delivery.lease = c.lease AND delivery.status = 'pending'
                """)
        }
    }

    public func settleDeliveries(_ results: [DeliveryResult]) async throws -> [StaffAlert] {
        guard !results.isEmpty else { return [] }
        return try await pool.transaction { connection in
            // The batch's endpoints first, in one order, as every writer of endpoints takes them.
            var endpoints: [String: EndpointRecord] = [:]
            var signatureAlerts: [StaffAlertRecord] = []
            if SettlePlan.readsEndpoints(results) {
                endpoints = try await Self.endpointRecords(Set(results.map(\.endpoint)), connection, key: dataKey, forUpdate: true)
                signatureAlerts = try await connection.records("""
                    SELECT row_to_json(t)::text FROM staff_alert t WHERE kind = \(StaffAlert.Kind.signatureRefused.rawValue)
                        AND endpoint_id = ANY(\(Array(endpoints.keys))) AND at > \(SettlePlan.signatureAlertCutoff(results))
                    """, as: StaffAlertRecord.self)
            } else {
                try await connection.run("""
                    SELECT 1 FROM webhook_endpoint WHERE id = ANY(\(Array(Set(results.map(\.endpoint))))) ORDER BY id FOR NO KEY UPDATE
                    """)
            }
            let plan = SettlePlan(results, endpoints: endpoints, signatureAlerts: signatureAlerts)
            try await connection.run("""
                INSERT INTO delivery_attempt (delivery_id, at, status_code, duration_ms, response, error)
                SELECT delivery_id, at, status_code, duration_ms, response, error
                FROM json_populate_recordset(NULL::delivery_attempt, \(try RecordJSON.array(plan.attempts))::json)
                """)
            try await connection.run("""
                UPDATE delivery SET status = u.status, next_attempt_at = u.next, lease = NULL, attempts = delivery.attempts + 1,
                    last_attempt_at = u.at, last_status_code = u.code, last_error = u.error
                FROM json_to_recordset(\(try RecordJSON.array(plan.settlements))::json)
                    AS u(id bigint, lease bigint, status text, next bigint, at bigint, code bigint, error text)
                WHERE delivery.id = u.id AND delivery.lease = u.lease
                """)
            if !plan.healthy.isEmpty {
                try await connection.run("""
                    UPDATE webhook_endpoint SET last_success_at = h.at, failing_since = NULL
                    FROM json_to_recordset(\(try RecordJSON.array(plan.healthy))::json) AS h(id text, at bigint) WHERE webhook_endpoint.id = h.id
                    """)
            }
            try await Self.writeEndpoints(plan.endpoints, connection, key: dataKey)
            try await Self.insertAudits(plan.audits, connection)
            var alerts: [StaffAlert] = []
            for var alert in plan.alerts {
                alert.id = try await connection.first("""
                    INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message)
                    VALUES (\(alert.at), \(alert.kind), \(alert.endpointId), \(alert.stationId), \(alert.message)) RETURNING id
                    """, as: Int64.self)
                alerts.append(alert.alert)
            }
            return alerts
        }
    }

    public func nextDeliveryDue(excluding: Set<String>) async throws -> Date? {
        try await pool.read { connection in
            try await connection.first("""
                SELECT min(GREATEST(d.due, COALESCE(e.paused_until, 0))) FROM webhook_endpoint e CROSS JOIN LATERAL (
                    SELECT next_attempt_at AS due FROM delivery WHERE endpoint_id = e.id AND status = 'pending' ORDER BY next_attempt_at LIMIT 1
                ) d WHERE e.enabled AND NOT (e.id = ANY(\(Array(excluding))))
                """, as: Int64?.self).flatMap { $0 }.map(Milliseconds.date)
        }
    }

    /// The row `alias` of `delivery` as JSON for `DeliveryRecord`, with its body (base64, as `Data` decodes) only when asked for,
    /// and the station of endpoint `e` when `station`.
    static func deliveryJSON(_ alias: String, payload: Bool, station: Bool = false) -> String {
        var json = "to_jsonb(\(alias)) - 'payload'"
        if payload { json += " || jsonb_build_object('payload', replace(encode(\(alias).payload, 'base64'), E'\\n', ''))" }
        if station { json += " || jsonb_build_object('station_id', e.station_id)" }
        return "(\(json))::text"
    }

    static func deliveries(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [StationDeliveryRecord] {
        try await connection.records(query, as: StationDeliveryRecord.self)
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> Page<Delivery> {
        try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var filter = PostgresFilter()
            try filter.add("d.status = ?", query.status?.rawValue)
            try filter.add("d.endpoint_id = ?", query.endpoint)
            try filter.add("d.request_id = ?", query.requestID)
            try filter.period("d.created_at", from: query.from, to: query.to)
            let total = try await connection.first(filter.query("SELECT count(*) FROM delivery d \(filter.clause)"), as: Int.self) ?? 0
            var page = filter
            let window = try page.window(query.page)
            let items = try await Self.deliveries(page.query("""
                SELECT \(Self.deliveryJSON("d", payload: false, station: true)) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                \(filter.clause) ORDER BY d.id DESC \(window)
                """), connection).map(\.value)
            return Page(items: items, total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    public func delivery(id: Int64) async throws -> DeliveryDetail? {
        try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            guard let listed = try await Self.deliveries("""
                SELECT \(unescaped: Self.deliveryJSON("d", payload: true, station: true)) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                WHERE d.id = \(id)
                """, connection).first
            else { return nil }
            let attempts = try await connection.records("""
                SELECT row_to_json(t)::text FROM delivery_attempt t WHERE delivery_id = \(id) ORDER BY id
                """, as: DeliveryAttemptRecord.self)
            return DeliveryDetail(delivery: listed.value, payload: String(decoding: listed.delivery.payload ?? Data(), as: UTF8.self),
                                  attempts: attempts.map(\.attempt))
        }
    }

    public func redeliver(id: Int64, at: Date) async throws -> Delivery? {
        let result = try await pool.transaction { connection -> Delivery? in
            try await connection.run("""
                UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = \(Milliseconds.from(at)), lease = NULL
                WHERE id = \(id) AND status != 'pending' AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL)
                """)
            return try await Self.deliveries("""
                SELECT \(unescaped: Self.deliveryJSON("d", payload: false, station: true)) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                WHERE d.id = \(id)
                """, connection).first?.value
        }
        doorbell.ring()
        return result
    }

    public func redeliverFailed(endpoint: String, since: Date, at: Date) async throws -> Int {
        let count = try await pool.transaction { connection -> Int in
            try await connection.all("""
                UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = \(Milliseconds.from(at)), lease = NULL
                WHERE endpoint_id = \(endpoint) AND status = 'failed' AND created_at >= \(Milliseconds.from(since))
                    AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL)
                RETURNING id
                """, as: Int64.self).count
        }
        if count > 0 { doorbell.ring() }
        return count
    }

    public func alerts(page: PageRequest) async throws -> Page<StaffAlert> {
        try await pool.read { connection in
            let total = try await connection.first("SELECT count(*) FROM staff_alert", as: Int.self) ?? 0
            let items = try await connection.records("""
                SELECT row_to_json(t)::text FROM staff_alert t ORDER BY id DESC LIMIT \(page.perPage) OFFSET \(page.offset)
                """, as: StaffAlertRecord.self)
            return Page(items: items.map(\.alert), total: total, page: page.page, perPage: page.perPage)
        }
    }

    public func deliveryGauges(now: Date) async throws -> DeliveryGauges {
        let nowMs = Milliseconds.from(now)
        return try await pool.read { connection in
            let counts = try await connection.records("""
                SELECT json_build_object(
                    'pending', (SELECT count(*) FROM delivery WHERE status = 'pending'),
                    'due', (SELECT count(*) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                        WHERE d.status = 'pending' AND d.next_attempt_at <= \(nowMs) AND e.enabled),
                    'oldest_due', (SELECT min(d.next_attempt_at) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                        WHERE d.status = 'pending' AND d.next_attempt_at <= \(nowMs) AND e.enabled),
                    'disabled', (SELECT count(*) FROM webhook_endpoint WHERE NOT enabled AND deleted_at IS NULL),
                    'failed', (SELECT count(*) FROM delivery WHERE status = 'failed'))::text
                """, as: GaugeCounts.self).first
            return DeliveryGauges(pending: counts?.pending ?? 0, due: counts?.due ?? 0,
                                  oldestDueAge: counts?.oldestDue.map { Double(nowMs - $0) / 1000 } ?? 0,
                                  disabledEndpoints: counts?.disabled ?? 0, failed: counts?.failed ?? 0)
        }
    }
}

/// The outbox's counts as the gauges read them, in one statement.
private struct GaugeCounts: Decodable {
    var pending: Int
    var due: Int
    var oldestDue: Int64?
    var disabled: Int
    var failed: Int

    enum CodingKeys: String, CodingKey {
        case pending, due, oldestDue = "oldest_due", disabled, failed
    }
}
