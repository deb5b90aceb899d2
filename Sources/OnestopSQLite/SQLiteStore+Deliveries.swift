import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: DeliveryStore {
    public var deliveryDoorbell: DeliveryDoorbell { doorbell }

    static let endpointColumns = """
        id, station_id, url, event_types, description, enabled, created_at, updated_at, disabled_at, disabled_reason,
        failing_since, last_success_at, previous_secret_until, format, secret != '' AS signed, keyword, mention_mobiles,
        rate_per_minute, rate_per_second, paused_until, robot_contact
        """

    static func endpoint(_ row: Row) -> WebhookEndpoint {
        let format = EndpointSettings.format(row["format"])
        return WebhookEndpoint(
            id: row["id"], station: row["station_id"], url: row["url"], format: format, signed: row["signed"], keyword: row["keyword"],
            mentionMobiles: EndpointSettings.mentions(row["mention_mobiles"]), robotContact: EndpointSettings.contact(row["robot_contact"]),
            rateLimit: EndpointSettings.rate(format, perMinute: row["rate_per_minute"], perSecond: row["rate_per_second"]),
            eventTypes: JSONStringList.decode(row["event_types"]).compactMap(WebhookEventType.init(rawValue:)),
            description: row["description"], enabled: row["enabled"],
            createdAt: Milliseconds.date(row["created_at"]), updatedAt: Milliseconds.date(row["updated_at"]),
            disabledAt: (row["disabled_at"] as Int64?).map(Milliseconds.date), disabledReason: row["disabled_reason"],
            failingSince: (row["failing_since"] as Int64?).map(Milliseconds.date),
            lastSuccessAt: (row["last_success_at"] as Int64?).map(Milliseconds.date),
            previousSecretUntil: (row["previous_secret_until"] as Int64?).map(Milliseconds.date),
            pausedUntil: (row["paused_until"] as Int64?).map(Milliseconds.date)
        )
    }

    static func fetchEndpoint(_ id: String, in db: Database) throws -> WebhookEndpoint? {
        try Row.fetchOne(db, sql: "SELECT \(endpointColumns) FROM webhook_endpoint WHERE id = ? AND deleted_at IS NULL", arguments: [id])
            .map(endpoint)
    }

    static func auditEndpoint(_ db: Database, _ id: String, action: AuditEntry.Action, changes: [FieldChange], actor: String, at: Date) throws {
        try write(db, audit: .endpoint, id: id, action: action, changes: changes, actor: actor, at: at)
    }

    public func createEndpoint(_ new: NewEndpoint) async throws -> WebhookEndpoint {
        let id = "ep_" + RandomText.base62(count: 16)
        let at = Milliseconds.from(new.at)
        return try await writer.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM station WHERE id = ?", arguments: [new.station]) == true else {
                throw StoreError.unknownStation(new.station)
            }
            try db.execute(sql: """
                INSERT INTO webhook_endpoint (id, station_id, url, event_types, description, enabled, secret, created_at, updated_at,
                    format, keyword, mention_mobiles, rate_per_minute, rate_per_second, robot_contact)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, new.station, new.url, EndpointEventTypes.json(new.eventTypes), new.description, new.secret, at, at,
                                 new.format.rawValue, new.keyword, EndpointSettings.mentionsJSON(new.mentionMobiles), new.rateLimit?.perMinute,
                                 new.rateLimit?.perSecond, new.robotContact.rawValue])
            try Self.auditEndpoint(db, id, action: .create, changes: EndpointSettings.creationChanges(new), actor: new.actor, at: new.at)
            return try Self.fetchEndpoint(id, in: db)!
        }
    }

    public func endpoints(station: String?) async throws -> [WebhookEndpoint] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.endpointColumns) FROM webhook_endpoint WHERE deleted_at IS NULL AND (? IS NULL OR station_id = ?)
                ORDER BY created_at, id
                """, arguments: [station, station]).map(Self.endpoint)
        }
    }

    public func endpoint(id: String) async throws -> WebhookEndpoint? {
        try await writer.read { db in try Self.fetchEndpoint(id, in: db) }
    }

    public func endpointTarget(id: String, at: Date) async throws -> EndpointTarget? {
        try await writer.read { db in
            guard let endpoint = try Self.fetchEndpoint(id, in: db),
                let row = try Row.fetchOne(db, sql: "SELECT secret, previous_secret, previous_secret_until FROM webhook_endpoint WHERE id = ?",
                                           arguments: [id])
            else { return nil }
            return EndpointTarget(endpoint: endpoint, secrets: EndpointSettings.secrets(
                current: row["secret"], previous: row["previous_secret"], previousUntil: row["previous_secret_until"], now: Milliseconds.from(at)))
        }
    }

    public func updateEndpoint(id: String, _ update: EndpointUpdate, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await writer.write { db in
            guard let old = try Self.fetchEndpoint(id, in: db) else { return nil }
            let (changes, columns) = EndpointSettings.changes(update, to: old)
            guard !changes.isEmpty else { return old }
            for (column, value) in columns {
                let argument: (any DatabaseValueConvertible)? = switch value {
                case .text(let text): text
                case .json(let json): json
                case .integer(let number): number
                }
                try db.execute(sql: "UPDATE webhook_endpoint SET \(column) = ? WHERE id = ?", arguments: [argument, id])
            }
            try db.execute(sql: "UPDATE webhook_endpoint SET updated_at = ? WHERE id = ?", arguments: [Milliseconds.from(at), id])
            try Self.auditEndpoint(db, id, action: .update, changes: changes, actor: actor, at: at)
            return try Self.fetchEndpoint(id, in: db)
        }
    }

    public func rotateEndpointSecret(id: String, secret: String, overlapUntil: Date, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await writer.write { db in
            guard try Self.fetchEndpoint(id, in: db) != nil else { return nil }
            try db.execute(sql: """
                UPDATE webhook_endpoint SET previous_secret = secret, secret = ?, previous_secret_until = ?, updated_at = ? WHERE id = ?
                """, arguments: [secret, Milliseconds.from(overlapUntil), Milliseconds.from(at), id])
            try Self.auditEndpoint(db, id, action: .update, changes: [FieldChange(field: "secret", old: "(previous)", new: "(rotated)")],
                                   actor: actor, at: at)
            return try Self.fetchEndpoint(id, in: db)
        }
    }

    public func setEndpointEnabled(id: String, enabled: Bool, reason: String?, actor: String, at: Date) async throws -> WebhookEndpoint? {
        try await writer.write { db in
            guard let old = try Self.fetchEndpoint(id, in: db) else { return nil }
            guard old.enabled != enabled else { return old }
            let now = Milliseconds.from(at)
            if enabled {
                try db.execute(sql: """
                    UPDATE webhook_endpoint SET enabled = 1, disabled_at = NULL, disabled_reason = NULL, failing_since = NULL, paused_until = NULL,
                        updated_at = ?
                    WHERE id = ?
                    """, arguments: [now, id])
            } else {
                try db.execute(sql: """
                    UPDATE webhook_endpoint SET enabled = 0, disabled_at = ?, disabled_reason = ?, updated_at = ? WHERE id = ?
                    """, arguments: [now, reason ?? "disabled by \(actor)", now, id])
            }
            try Self.auditEndpoint(db, id, action: .update, changes: [
                FieldChange(field: "enabled", old: String(old.enabled), new: String(enabled)),
            ], actor: actor, at: at)
            return try Self.fetchEndpoint(id, in: db)
        }
    }

    public func deleteEndpoint(id: String, actor: String, at: Date) async throws -> Bool {
        try await writer.write { db in
            guard try Self.fetchEndpoint(id, in: db) != nil else { return false }
            let now = Milliseconds.from(at)
            try db.execute(sql: """
                UPDATE webhook_endpoint SET deleted_at = ?, enabled = 0, secret = '', previous_secret = NULL, updated_at = ? WHERE id = ?
                """, arguments: [now, now, id])
            try db.execute(sql: """
                UPDATE delivery SET status = 'failed', next_attempt_at = NULL, lease = NULL, last_error = 'endpoint deleted'
                WHERE endpoint_id = ? AND status = 'pending'
                """, arguments: [id])
            try db.execute(sql: "DELETE FROM endpoint_send WHERE endpoint_id = ?", arguments: [id])
            try Self.auditEndpoint(db, id, action: .delete, changes: [], actor: actor, at: at)
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
            let rows = try Row.fetchAll(db, sql: """
                UPDATE delivery SET next_attempt_at = ?, lease = ?
                WHERE id IN (SELECT value FROM json_each(?))
                RETURNING id, message_id, endpoint_id, event_type, payload, attempts
                """, arguments: [Milliseconds.from(leaseUntil), lease, "[" + ids.map(String.init).joined(separator: ",") + "]"])
            guard !rows.isEmpty else { return [] }
            let endpointIDs = Set(rows.map { $0["endpoint_id"] as String })
            var endpoints: [String: Row] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT id, url, secret, previous_secret, previous_secret_until, format, keyword, mention_mobiles, rate_per_minute, rate_per_second,
                    robot_contact
                FROM webhook_endpoint WHERE id IN (SELECT value FROM json_each(?))
                """, arguments: [String(decoding: try JSONEncoder().encode(Array(endpointIDs)), as: UTF8.self)])
            {
                endpoints[row["id"]] = row
            }
            return rows.compactMap { row -> ClaimedDelivery? in
                guard let endpoint = endpoints[row["endpoint_id"]],
                    let type = WebhookEventType(rawValue: row["event_type"])
                else { return nil }
                let payload: Data = row["payload"]
                let columns = EndpointSendColumns(
                    url: endpoint["url"], secret: endpoint["secret"], previousSecret: endpoint["previous_secret"],
                    previousSecretUntil: endpoint["previous_secret_until"], format: endpoint["format"], keyword: endpoint["keyword"],
                    mentionMobiles: endpoint["mention_mobiles"], robotContact: endpoint["robot_contact"], ratePerMinute: endpoint["rate_per_minute"], ratePerSecond: endpoint["rate_per_second"])
                return columns.claimed(id: row["id"], lease: lease, leaseUntil: leaseUntil, messageID: row["message_id"], endpoint: row["endpoint_id"],
                                       eventType: type, payload: Array(payload), attempts: row["attempts"], now: nowMs)
            }
        }
    }

    public func reserveSend(endpoint: String, rate: EndpointRate, minute: Duration, now: Date, latest: Date) async throws -> SendReservation {
        try await writer.write { db in
            let limits = RateWindow(rate: rate, minute: minute)
            let horizon = Milliseconds.from(now.addingTimeInterval(-limits.span))
            try db.execute(sql: "DELETE FROM endpoint_send WHERE endpoint_id = ? AND at < ?", arguments: [endpoint, horizon])
            // Only the last sends of the longest count matter.
            let sent = try Int64.fetchAll(db, sql: "SELECT at FROM endpoint_send WHERE endpoint_id = ? ORDER BY at DESC LIMIT ?",
                                          arguments: [endpoint, limits.depth]).reversed()
            let paused: Int64? = try Row.fetchOne(db, sql: "SELECT paused_until FROM webhook_endpoint WHERE id = ?", arguments: [endpoint])?["paused_until"]
            let reservation = SendReservation.decide(rate: rate, minute: minute, sent: sent.map(Milliseconds.date),
                                                     pausedUntil: paused.map(Milliseconds.date), now: now, latest: latest)
            if reservation.reserved {
                try db.execute(sql: "INSERT INTO endpoint_send (endpoint_id, at) VALUES (?, ?)", arguments: [endpoint, Milliseconds.from(reservation.at)])
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
            var alerts: [StaffAlert] = []
            let insertAttempt = try db.cachedStatement(sql: """
                INSERT INTO delivery_attempt (delivery_id, at, status_code, duration_ms, response, error) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let updateDelivery = try db.cachedStatement(sql: """
                UPDATE delivery SET status = ?, next_attempt_at = ?, lease = NULL, attempts = attempts + 1, last_attempt_at = ?,
                    last_status_code = ?, last_error = ?
                WHERE id = ? AND lease = ?
                """)
            let markHealthy = try db.cachedStatement(sql: "UPDATE webhook_endpoint SET last_success_at = ?, failing_since = NULL WHERE id = ?")
            // The latest success per endpoint, written once per batch rather than once per delivery.
            var succeeded: [String: Int64] = [:]
            for result in results {
                let attempt = result.attempt
                let at = Milliseconds.from(attempt.at)
                try insertAttempt.execute(arguments: [
                    result.delivery, at, attempt.statusCode, attempt.durationMilliseconds, attempt.response.map(StorableText.clean),
                    attempt.error.map(StorableText.clean),
                ])
                let status: Delivery.Status
                var next: Int64?
                switch result.next {
                case .succeeded: status = .succeeded
                case .retry(let when):
                    status = .pending
                    next = Milliseconds.from(when)
                case .failed, .endpointGone: status = .failed
                }
                try updateDelivery.execute(arguments: [status.rawValue, next, at, attempt.statusCode, attempt.error, result.delivery, result.lease])
                if result.signatureRefused, let alert = try Self.signatureAlert(result, in: db) { alerts.append(alert) }
                if let until = result.pauseEndpointUntil {
                    try db.execute(sql: "UPDATE webhook_endpoint SET paused_until = MAX(COALESCE(paused_until, 0), ?) WHERE id = ?",
                                   arguments: [Milliseconds.from(until), result.endpoint])
                }
                if result.next == .succeeded {
                    succeeded[result.endpoint] = max(succeeded[result.endpoint] ?? at, at)
                    continue
                }
                if let success = succeeded.removeValue(forKey: result.endpoint) {
                    try markHealthy.execute(arguments: [success, result.endpoint])
                }
                try db.execute(sql: "UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, ?) WHERE id = ?",
                               arguments: [at, result.endpoint])
                let since = try Int64.fetchOne(db, sql: "SELECT failing_since FROM webhook_endpoint WHERE id = ? AND enabled = 1",
                                               arguments: [result.endpoint])
                let reason = DeliveryHealth.disableReason(result, failingSince: since, at: at)
                if let reason, let alert = try Self.disableEndpoint(result.endpoint, reason: reason, at: attempt.at, in: db) {
                    alerts.append(alert)
                }
            }
            for (endpoint, at) in succeeded {
                try markHealthy.execute(arguments: [at, endpoint])
            }
            return alerts
        }
    }

    /// Raises the alert for a refused signature, unless one was raised for the endpoint within a day.
    static func signatureAlert(_ result: DeliveryResult, in db: Database) throws -> StaffAlert? {
        let now = Milliseconds.from(result.attempt.at)
        guard let endpoint = try fetchEndpoint(result.endpoint, in: db),
            try Bool.fetchOne(db, sql: "SELECT 1 FROM staff_alert WHERE kind = ? AND endpoint_id = ? AND at > ?",
                              arguments: [StaffAlert.Kind.signatureRefused.rawValue, endpoint.id, now - DeliveryHealth.signatureAlertInterval]) != true
        else { return nil }
        let message = DeliveryHealth.signatureMessage(endpoint, error: result.attempt.error)
        try db.execute(sql: "INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message) VALUES (?, ?, ?, ?, ?)",
                       arguments: [now, StaffAlert.Kind.signatureRefused.rawValue, endpoint.id, endpoint.station, message])
        return StaffAlert(id: db.lastInsertedRowID, at: Milliseconds.date(now), kind: .signatureRefused, endpoint: endpoint.id,
                          station: endpoint.station, message: message)
    }

    /// Disables an enabled endpoint on onestop's own initiative and raises the staff alert.
    static func disableEndpoint(_ id: String, reason: String, at: Date, in db: Database) throws -> StaffAlert? {
        guard let endpoint = try fetchEndpoint(id, in: db), endpoint.enabled else { return nil }
        let now = Milliseconds.from(at)
        try db.execute(sql: """
            UPDATE webhook_endpoint SET enabled = 0, disabled_at = ?, disabled_reason = ?, updated_at = ? WHERE id = ?
            """, arguments: [now, reason, now, id])
        try auditEndpoint(db, id, action: .update, changes: [FieldChange(field: "enabled", old: "true", new: "false")], actor: "system", at: at)
        let message = DeliveryHealth.disabledMessage(endpoint, reason: reason)
        try db.execute(sql: "INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message) VALUES (?, ?, ?, ?, ?)",
                       arguments: [now, StaffAlert.Kind.endpointDisabled.rawValue, id, endpoint.station, message])
        return StaffAlert(id: db.lastInsertedRowID, at: Milliseconds.date(now), kind: .endpointDisabled, endpoint: id,
                          station: endpoint.station, message: message)
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

    static let deliveryColumns = """
        d.id, d.message_id, d.endpoint_id, e.station_id, d.event_type, d.request_id, d.status, d.attempts, d.created_at,
        d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error
        """

    static func delivery(_ row: Row) -> Delivery {
        Delivery(
            id: row["id"], messageID: row["message_id"], endpoint: row["endpoint_id"], station: row["station_id"],
            eventType: WebhookEventType(rawValue: row["event_type"]) ?? .requestStatusChanged, requestID: row["request_id"],
            status: Delivery.Status(rawValue: row["status"]) ?? .pending, attempts: row["attempts"],
            createdAt: Milliseconds.date(row["created_at"]),
            nextAttemptAt: (row["next_attempt_at"] as Int64?).map(Milliseconds.date),
            lastAttemptAt: (row["last_attempt_at"] as Int64?).map(Milliseconds.date),
            lastStatusCode: row["last_status_code"], lastError: row["last_error"])
    }

    public func deliveries(_ query: DeliveryQuery) async throws -> Page<Delivery> {
        try await writer.read { db in
            var filters = SQLiteFilter()
            filters.add("d.status = ?", query.status?.rawValue)
            filters.add("d.endpoint_id = ?", query.endpoint)
            filters.add("d.request_id = ?", query.requestID)
            filters.period("d.created_at", from: query.from, to: query.to)
            let (filter, arguments) = (filters.clause, filters.arguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery d \(filter)", arguments: arguments) ?? 0
            let items = try Row.fetchAll(db, sql: """
                SELECT \(Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
                \(filter) ORDER BY d.id DESC LIMIT ? OFFSET ?
                """, arguments: arguments + [query.page.perPage, query.page.offset]).map(Self.delivery)
            return Page(items: items, total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    public func delivery(id: Int64) async throws -> DeliveryDetail? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(Self.deliveryColumns), d.payload FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = ?
                """, arguments: [id])
            else { return nil }
            let attempts = try Row.fetchAll(db, sql: """
                SELECT at, status_code, duration_ms, response, error FROM delivery_attempt WHERE delivery_id = ? ORDER BY id
                """, arguments: [id]).map { row in
                DeliveryAttempt(at: Milliseconds.date(row["at"]), statusCode: row["status_code"], durationMilliseconds: row["duration_ms"],
                                response: row["response"], error: row["error"])
            }
            let payload: Data = row["payload"]
            return DeliveryDetail(delivery: Self.delivery(row), payload: String(decoding: payload, as: UTF8.self), attempts: attempts)
        }
    }

    public func redeliver(id: Int64, at: Date) async throws -> Delivery? {
        let result = try await writer.write { db -> Delivery? in
            try db.execute(sql: """
                UPDATE delivery SET status = 'pending', attempts = 0, next_attempt_at = ?, lease = NULL
                WHERE id = ? AND status != 'pending' AND endpoint_id IN (SELECT id FROM webhook_endpoint WHERE deleted_at IS NULL)
                """, arguments: [Milliseconds.from(at), id])
            return try Row.fetchOne(db, sql: """
                SELECT \(Self.deliveryColumns) FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id WHERE d.id = ?
                """, arguments: [id]).map(Self.delivery)
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
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM staff_alert") ?? 0
            let items = try Row.fetchAll(db, sql: """
                SELECT id, at, kind, endpoint_id, station_id, message FROM staff_alert ORDER BY id DESC LIMIT ? OFFSET ?
                """, arguments: [page.perPage, page.offset]).map { row in
                StaffAlert(id: row["id"], at: Milliseconds.date(row["at"]), kind: StaffAlert.Kind(rawValue: row["kind"]) ?? .endpointDisabled,
                           endpoint: row["endpoint_id"], station: row["station_id"], message: row["message"])
            }
            return Page(items: items, total: total, page: page.page, perPage: page.perPage)
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
