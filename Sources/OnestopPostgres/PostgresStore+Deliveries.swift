import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: DeliveryStore {
    public var deliveryDoorbell: DeliveryDoorbell { doorbell }

    static let endpointColumns = """
        id, station_id, url, event_types::text, description, enabled, created_at, updated_at, disabled_at, disabled_reason,
        failing_since, last_success_at, previous_secret_until, format, secret <> '', keyword, mention_mobiles::text,
        rate_per_minute, rate_per_second, paused_until, robot_contact
        """

    typealias EndpointRow = (String, String, String, String, String?, Bool, Int64, Int64, Int64?, String?, Int64?, Int64?, Int64?,
                             String, Bool, String?, String, Int64?, Int64?, Int64?, String)

    static func endpoint(_ row: EndpointRow) -> WebhookEndpoint {
        let format = EndpointSettings.format(row.13)
        return WebhookEndpoint(
            id: row.0, station: row.1, url: row.2, format: format, signed: row.14, keyword: row.15,
            mentionMobiles: EndpointSettings.mentions(row.16), robotContact: EndpointSettings.contact(row.20), rateLimit: EndpointSettings.rate(format, perMinute: row.17, perSecond: row.18),
            eventTypes: JSONStringList.decode(row.3).compactMap(WebhookEventType.init(rawValue:)),
            description: row.4, enabled: row.5, createdAt: Milliseconds.date(row.6), updatedAt: Milliseconds.date(row.7),
            disabledAt: row.8.map(Milliseconds.date), disabledReason: row.9, failingSince: row.10.map(Milliseconds.date),
            lastSuccessAt: row.11.map(Milliseconds.date), previousSecretUntil: row.12.map(Milliseconds.date), pausedUntil: row.19.map(Milliseconds.date))
    }

    static func endpoints(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [WebhookEndpoint] {
        var endpoints: [WebhookEndpoint] = []
        for try await row in try await connection.query(query, logger: PostgresPool.logger).decode(EndpointRow.self) {
            endpoints.append(endpoint(row))
        }
        return endpoints
    }

    static func fetchEndpoint(_ id: String, _ connection: PostgresConnection, forUpdate: Bool = false) async throws -> WebhookEndpoint? {
        try await endpoints("""
            SELECT \(unescaped: endpointColumns) FROM webhook_endpoint WHERE id = \(id) AND deleted_at IS NULL \(unescaped: forUpdate ? "FOR NO KEY UPDATE" : "")
            """, connection).first
    }

    static func auditEndpoint(_ id: String, action: AuditEntry.Action, changes: [FieldChange], actor: String, at: Date, _ connection: PostgresConnection) async throws {
        try await insertAudits([AuditRecord(.endpoint, id, action, changes: changes, actor: actor, at: at)], connection)
    }

    public func createEndpoint(_ new: NewEndpoint) async throws -> WebhookEndpoint {
        let id = "ep_" + RandomText.base62(count: 16)
        let at = Milliseconds.from(new.at)
        let types = EndpointEventTypes.json(new.eventTypes)
        return try await pool.transaction { connection in
            guard try await connection.first("SELECT 1 FROM station WHERE id = \(new.station)", as: Int.self) != nil else {
                throw StoreError.unknownStation(new.station)
            }
            try await connection.run("""
                INSERT INTO webhook_endpoint (id, station_id, url, event_types, description, enabled, secret, created_at, updated_at,
                    format, keyword, mention_mobiles, rate_per_minute, rate_per_second, robot_contact)
                VALUES (\(id), \(new.station), \(new.url), \(types)::jsonb, \(new.description), true, \(new.secret), \(at), \(at),
                    \(new.format.rawValue), \(new.keyword), \(EndpointSettings.mentionsJSON(new.mentionMobiles))::jsonb,
                    \(new.rateLimit?.perMinute.map(Int64.init)), \(new.rateLimit?.perSecond.map(Int64.init)), \(new.robotContact.rawValue))
                """)
            try await Self.auditEndpoint(id, action: .create, changes: EndpointSettings.creationChanges(new), actor: new.actor, at: new.at, connection)
            return try await Self.fetchEndpoint(id, connection)!
        }
    }

    public func endpoints(station: String?) async throws -> [WebhookEndpoint] {
        try await pool.read { connection in
            try await Self.endpoints("""
                SELECT \(unescaped: Self.endpointColumns) FROM webhook_endpoint
                WHERE deleted_at IS NULL AND (\(station)::text IS NULL OR station_id = \(station)) ORDER BY created_at, id
                """, connection)
        }
    }

    public func endpoint(id: String) async throws -> WebhookEndpoint? {
        try await pool.read { connection in try await Self.fetchEndpoint(id, connection) }
    }

    public func endpointTarget(id: String, at: Date) async throws -> EndpointTarget? {
        try await pool.read { connection in
            guard let endpoint = try await Self.fetchEndpoint(id, connection) else { return nil }
            let rows = try await connection.query("""
                SELECT secret, previous_secret, previous_secret_until FROM webhook_endpoint WHERE id = \(id)
                """, logger: PostgresPool.logger)
            for try await (secret, previous, until) in rows.decode((String, String?, Int64?).self) {
                return EndpointTarget(endpoint: endpoint, secrets: EndpointSettings.secrets(
                    current: secret, previous: previous, previousUntil: until, now: Milliseconds.from(at)))
            }
            return nil
        }
    }

    public func updateEndpoint(id: String, _ update: EndpointUpdate, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await pool.transaction { connection in
            guard let old = try await Self.fetchEndpoint(id, connection, forUpdate: true) else { return nil }
            let (changes, columns) = EndpointSettings.changes(update, to: old)
            guard !changes.isEmpty else { return old }
            for (column, value) in columns {
                switch value {
                case .text(let text): try await connection.run("UPDATE webhook_endpoint SET \(unescaped: column) = \(text) WHERE id = \(id)")
                case .json(let json): try await connection.run("UPDATE webhook_endpoint SET \(unescaped: column) = \(json)::jsonb WHERE id = \(id)")
                case .integer(let number): try await connection.run("UPDATE webhook_endpoint SET \(unescaped: column) = \(number) WHERE id = \(id)")
                }
            }
            try await connection.run("UPDATE webhook_endpoint SET updated_at = \(Milliseconds.from(at)) WHERE id = \(id)")
            try await Self.auditEndpoint(id, action: .update, changes: changes, actor: actor, at: at, connection)
            return try await Self.fetchEndpoint(id, connection)
        }
    }

    public func rotateEndpointSecret(id: String, secret: String, overlapUntil: Date, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await pool.transaction { connection in
            guard try await Self.fetchEndpoint(id, connection, forUpdate: true) != nil else { return nil }
            try await connection.run("""
                UPDATE webhook_endpoint SET previous_secret = secret, secret = \(secret), previous_secret_until = \(Milliseconds.from(overlapUntil)),
                    updated_at = \(Milliseconds.from(at)) WHERE id = \(id)
                """)
            try await Self.auditEndpoint(id, action: .update, changes: [FieldChange(field: "secret", old: "(previous)", new: "(rotated)")],
                                         actor: actor, at: at, connection)
            return try await Self.fetchEndpoint(id, connection)
        }
    }

    public func setEndpointEnabled(id: String, enabled: Bool, reason: String?, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await pool.transaction { connection in
            guard let old = try await Self.fetchEndpoint(id, connection, forUpdate: true) else { return nil }
            guard old.enabled != enabled else { return old }
            let now = Milliseconds.from(at)
            if enabled {
                try await connection.run("""
                    UPDATE webhook_endpoint SET enabled = true, disabled_at = NULL, disabled_reason = NULL, failing_since = NULL, paused_until = NULL,
                        updated_at = \(now)
                    WHERE id = \(id)
                    """)
            } else {
                try await connection.run("""
                    UPDATE webhook_endpoint SET enabled = false, disabled_at = \(now), disabled_reason = \(reason ?? "disabled by \(actor)"),
                        updated_at = \(now) WHERE id = \(id)
                    """)
            }
            try await Self.auditEndpoint(id, action: .update, changes: [FieldChange(field: "enabled", old: String(old.enabled), new: String(enabled))],
                                         actor: actor, at: at, connection)
            return try await Self.fetchEndpoint(id, connection)
        }
    }

    public func deleteEndpoint(id: String, actor: String, at: Date) async throws -> Bool {
        try await pool.transaction { connection in
            guard try await Self.fetchEndpoint(id, connection, forUpdate: true) != nil else { return false }
            let now = Milliseconds.from(at)
            try await connection.run("""
                UPDATE webhook_endpoint SET deleted_at = \(now), enabled = false, secret = '', previous_secret = NULL, updated_at = \(now) WHERE id = \(id)
                """)
            try await connection.run("""
                UPDATE delivery SET status = 'failed', next_attempt_at = NULL, lease = NULL, last_error = 'endpoint deleted'
                WHERE endpoint_id = \(id) AND status = 'pending'
                """)
            try await connection.run("DELETE FROM endpoint_send WHERE endpoint_id = \(id)")
            try await Self.auditEndpoint(id, action: .delete, changes: [], actor: actor, at: at, connection)
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
            var claimed: [(id: Int64, messageID: String, endpoint: String, type: String, payload: Data, attempts: Int)] = []
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
                RETURNING delivery.id, delivery.message_id, delivery.endpoint_id, delivery.event_type, delivery.payload, delivery.attempts
                """, logger: PostgresPool.logger)
            for try await row in rows.decode((Int64, String, String, String, Data, Int).self) {
                claimed.append((row.0, row.1, row.2, row.3, row.4, row.5))
            }
            guard !claimed.isEmpty else { return [] }
            var endpoints: [String: EndpointSendColumns] = [:]
            let endpointRows = try await connection.query("""
                SELECT id, url, secret, previous_secret, previous_secret_until, format, keyword, mention_mobiles::text, rate_per_minute, rate_per_second,
                    robot_contact
                FROM webhook_endpoint WHERE id = ANY(\(Array(Set(claimed.map(\.endpoint)))))
                """, logger: PostgresPool.logger)
            for try await row in endpointRows.decode((String, String, String, String?, Int64?, String, String?, String, Int64?, Int64?, String).self) {
                endpoints[row.0] = EndpointSendColumns(
                    url: row.1, secret: row.2, previousSecret: row.3, previousSecretUntil: row.4, format: row.5, keyword: row.6, mentionMobiles: row.7,
                    robotContact: row.10, ratePerMinute: row.8, ratePerSecond: row.9)
            }
            return claimed.sorted { $0.id < $1.id }.compactMap { row -> ClaimedDelivery? in
                guard let endpoint = endpoints[row.endpoint], let type = WebhookEventType(rawValue: row.type) else { return nil }
                return endpoint.claimed(id: row.id, lease: lease, leaseUntil: leaseUntil, messageID: row.messageID, endpoint: row.endpoint,
                                        eventType: type, payload: Array(row.payload), attempts: row.attempts, now: nowMs)
            }
        }
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
            var alerts: [StaffAlert] = []
            // The batch's endpoints first, in one order, as every writer of endpoints takes them.
            try await connection.run("""
                SELECT 1 FROM webhook_endpoint WHERE id = ANY(\(Array(Set(results.map(\.endpoint))))) ORDER BY id FOR NO KEY UPDATE
                """)
            let settled = results.map(SettledAttempt.init)
            let json = try RecordJSON.array(settled)
            try await connection.run("""
                INSERT INTO delivery_attempt (delivery_id, at, status_code, duration_ms, response, error)
                SELECT id, at, code, duration, response, error FROM json_to_recordset(\(json)::json)
                    AS u(id bigint, at bigint, code bigint, duration bigint, response text, error text)
                """)
            try await connection.run("""
                UPDATE delivery SET status = u.status, next_attempt_at = u.next, lease = NULL, attempts = delivery.attempts + 1,
                    last_attempt_at = u.at, last_status_code = u.code, last_error = u.error
                FROM json_to_recordset(\(json)::json) AS u(id bigint, lease bigint, status text, next bigint, at bigint, code bigint, error text)
                WHERE delivery.id = u.id AND delivery.lease = u.lease
                """)
            for result in results where result.signatureRefused {
                if let alert = try await Self.signatureAlert(result, connection) { alerts.append(alert) }
            }
            for result in results {
                guard let until = result.pauseEndpointUntil else { continue }
                try await connection.run("""
                    UPDATE webhook_endpoint SET paused_until = GREATEST(COALESCE(paused_until, 0), \(Milliseconds.from(until))) WHERE id = \(result.endpoint)
                    """)
            }
            // Endpoint health, in the order the attempts ended: the latest success clears failing_since,
            // a failure after it starts the count again.
            var succeeded: [String: Int64] = [:]
            for result in results {
                let at = Milliseconds.from(result.attempt.at)
                if result.next == .succeeded {
                    succeeded[result.endpoint] = max(succeeded[result.endpoint] ?? at, at)
                    continue
                }
                if let success = succeeded.removeValue(forKey: result.endpoint) {
                    try await connection.run("UPDATE webhook_endpoint SET last_success_at = \(success), failing_since = NULL WHERE id = \(result.endpoint)")
                }
                let since = try await connection.first("""
                    UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, \(at)) WHERE id = \(result.endpoint) AND enabled RETURNING failing_since
                    """, as: Int64.self)
                let reason = DeliveryHealth.disableReason(result, failingSince: since, at: at)
                if let reason, let alert = try await Self.disableEndpoint(result.endpoint, reason: reason, at: result.attempt.at, connection) {
                    alerts.append(alert)
                }
            }
            for (endpoint, at) in succeeded.sorted(by: { $0.key < $1.key }) {
                try await connection.run("UPDATE webhook_endpoint SET last_success_at = \(at), failing_since = NULL WHERE id = \(endpoint)")
            }
            return alerts
        }
    }

    /// Disables an enabled endpoint on onestop's own initiative and raises the staff alert.
    /// Raises the alert for a refused signature, unless one was raised for the endpoint within a day.
    static func signatureAlert(_ result: DeliveryResult, _ connection: PostgresConnection) async throws -> StaffAlert? {
        let now = Milliseconds.from(result.attempt.at)
        guard let endpoint = try await fetchEndpoint(result.endpoint, connection),
            try await connection.first("""
                SELECT 1 FROM staff_alert WHERE kind = \(StaffAlert.Kind.signatureRefused.rawValue) AND endpoint_id = \(endpoint.id)
                    AND at > \(now - DeliveryHealth.signatureAlertInterval)
                """, as: Int.self) == nil
        else { return nil }
        let message = DeliveryHealth.signatureMessage(endpoint, error: result.attempt.error)
        let alertID = try await connection.first("""
            INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message)
            VALUES (\(now), \(StaffAlert.Kind.signatureRefused.rawValue), \(endpoint.id), \(endpoint.station), \(message)) RETURNING id
            """, as: Int64.self) ?? 0
        return StaffAlert(id: alertID, at: Milliseconds.date(now), kind: .signatureRefused, endpoint: endpoint.id, station: endpoint.station,
                          message: message)
    }

    static func disableEndpoint(_ id: String, reason: String, at: Date, _ connection: PostgresConnection) async throws -> StaffAlert? {
        guard let endpoint = try await fetchEndpoint(id, connection, forUpdate: true), endpoint.enabled else { return nil }
        let now = Milliseconds.from(at)
        try await connection.run("""
            UPDATE webhook_endpoint SET enabled = false, disabled_at = \(now), disabled_reason = \(reason), updated_at = \(now) WHERE id = \(id)
            """)
        try await auditEndpoint(id, action: .update, changes: [FieldChange(field: "enabled", old: "true", new: "false")], actor: "system", at: at, connection)
        let message = DeliveryHealth.disabledMessage(endpoint, reason: reason)
        let alertID = try await connection.first("""
            INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message)
            VALUES (\(now), \(StaffAlert.Kind.endpointDisabled.rawValue), \(id), \(endpoint.station), \(message)) RETURNING id
            """, as: Int64.self) ?? 0
        return StaffAlert(id: alertID, at: Milliseconds.date(now), kind: .endpointDisabled, endpoint: id, station: endpoint.station, message: message)
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

    static let deliveryColumns = """
        d.id, d.message_id, d.endpoint_id, e.station_id, d.event_type, d.request_id, d.status, d.attempts, d.created_at,
        d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error
        """

    typealias DeliveryRow = (Int64, String, String, String, String, String?, String, Int, Int64, Int64?, Int64?, Int?, String?)

    static func delivery(_ row: DeliveryRow) -> Delivery {
        Delivery(
            id: row.0, messageID: row.1, endpoint: row.2, station: row.3,
            eventType: WebhookEventType(rawValue: row.4) ?? .requestStatusChanged, requestID: row.5,
            status: Delivery.Status(rawValue: row.6) ?? .pending, attempts: row.7, createdAt: Milliseconds.date(row.8),
            nextAttemptAt: row.9.map(Milliseconds.date), lastAttemptAt: row.10.map(Milliseconds.date),
            lastStatusCode: row.11, lastError: row.12)
    }

    static func deliveries(_ query: PostgresQuery, _ connection: PostgresConnection) async throws -> [Delivery] {
        var deliveries: [Delivery] = []
        for try await row in try await connection.query(query, logger: PostgresPool.logger).decode(DeliveryRow.self) {
            deliveries.append(delivery(row))
        }
        return deliveries
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
                SELECT \(Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                \(filter.clause) ORDER BY d.id DESC \(window)
                """), connection)
            return Page(items: items, total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    public func delivery(id: Int64) async throws -> DeliveryDetail? {
        try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            guard let delivery = try await Self.deliveries("""
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = \(id)
                """, connection).first,
                let payload = try await connection.first("SELECT payload FROM delivery WHERE id = \(id)", as: Data.self)
            else { return nil }
            var attempts: [DeliveryAttempt] = []
            let rows = try await connection.query("""
                SELECT at, status_code, duration_ms, response, error FROM delivery_attempt WHERE delivery_id = \(id) ORDER BY id
                """, logger: PostgresPool.logger)
            for try await (at, code, duration, response, error) in rows.decode((Int64, Int?, Int, String?, String?).self) {
                attempts.append(DeliveryAttempt(at: Milliseconds.date(at), statusCode: code, durationMilliseconds: duration, response: response, error: error))
            }
            return DeliveryDetail(delivery: delivery, payload: String(decoding: payload, as: UTF8.self), attempts: attempts)
        }
    }

    public func redeliver(id: Int64, at: Date) async throws -> Delivery? {
        let result = try await pool.transaction { connection -> Delivery? in
            try await connection.run("""
                UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = \(Milliseconds.from(at)), lease = NULL
                WHERE id = \(id) AND status != 'pending' AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL)
                """)
            return try await Self.deliveries("""
                SELECT \(unescaped: Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = \(id)
                """, connection).first
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
            var items: [StaffAlert] = []
            let rows = try await connection.query("""
                SELECT id, at, kind, endpoint_id, station_id, message FROM staff_alert ORDER BY id DESC LIMIT \(page.perPage) OFFSET \(page.offset)
                """, logger: PostgresPool.logger)
            for try await (id, at, kind, endpoint, station, message) in rows.decode((Int64, Int64, String, String?, String?, String).self) {
                items.append(StaffAlert(id: id, at: Milliseconds.date(at), kind: StaffAlert.Kind(rawValue: kind) ?? .endpointDisabled,
                                        endpoint: endpoint, station: station, message: message))
            }
            return Page(items: items, total: total, page: page.page, perPage: page.perPage)
        }
    }

    public func deliveryGauges(now: Date) async throws -> DeliveryGauges {
        let nowMs = Milliseconds.from(now)
        return try await pool.read { connection in
            let rows = try await connection.query("""
                SELECT (SELECT count(*) FROM delivery WHERE status = 'pending'),
                    (SELECT count(*) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                        WHERE d.status = 'pending' AND d.next_attempt_at <= \(nowMs) AND e.enabled),
                    (SELECT min(d.next_attempt_at) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                        WHERE d.status = 'pending' AND d.next_attempt_at <= \(nowMs) AND e.enabled),
                    (SELECT count(*) FROM webhook_endpoint WHERE NOT enabled AND deleted_at IS NULL),
                    (SELECT count(*) FROM delivery WHERE status = 'failed')
                """, logger: PostgresPool.logger)
            for try await (pending, due, oldest, disabled, failed) in rows.decode((Int, Int, Int64?, Int, Int).self) {
                return DeliveryGauges(pending: pending, due: due, oldestDueAge: oldest.map { Double(nowMs - $0) / 1000 } ?? 0,
                                      disabledEndpoints: disabled, failed: failed)
            }
            return DeliveryGauges(pending: 0, due: 0, oldestDueAge: 0, disabledEndpoints: 0, failed: 0)
        }
    }
}

/// One attempt's result as the settling statements read it (`json_to_recordset`).
private struct SettledAttempt: Encodable {
    var id: Int64
    var lease: Int64
    var status: String
    var next: Int64?
    var at: Int64
    var code: Int?
    var error: String?
    var duration: Int
    var response: String?

    init(_ result: DeliveryResult) {
        id = result.delivery
        lease = result.lease
        at = Milliseconds.from(result.attempt.at)
        code = result.attempt.statusCode
        error = result.attempt.error.map(StorableText.clean)
        duration = result.attempt.durationMilliseconds
        // A receiver's answer may hold NUL bytes, which PostgreSQL's text cannot.
        response = result.attempt.response.map(StorableText.clean)
        switch result.next {
        case .succeeded: status = Delivery.Status.succeeded.rawValue
        case .retry(let when):
            status = Delivery.Status.pending.rawValue
            next = Milliseconds.from(when)
        case .failed, .endpointGone: status = Delivery.Status.failed.rawValue
        }
    }
}
