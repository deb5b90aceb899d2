import Foundation
import OnestopDomain
import PostgresNIO

extension PostgresStore: RequestStore {
    public func submitRequest(_ new: NewServiceRequest) async throws -> SubmissionOutcome {
        let (outcome, deliveries) = try await pool.transaction { connection -> (SubmissionOutcome, Int) in
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresPool.routingLock))")
            if let idempotency = new.idempotency {
                let rows = try await connection.query(
                    "SELECT body_digest, request_id FROM idempotency_key WHERE key = \(idempotency.key)", logger: PostgresPool.logger)
                for try await (digest, requestID) in rows.decode((String, String).self) {
                    guard digest == idempotency.bodyDigest, let earlier = try await Self.storedRequest(requestID, connection) else {
                        return (.keyReused, 0)
                    }
                    return (.replayed(earlier), 0)
                }
            }
            let now = Milliseconds.truncated(new.receivedAt)
            let key = RequestPlan.sequenceKey(prefix: new.idPrefix, at: now)
            let number = try await connection.first("""
                INSERT INTO request_sequence (prefix_day, last) VALUES (\(key), 1)
                ON CONFLICT (prefix_day) DO UPDATE SET last = request_sequence.last + 1 RETURNING last
                """, as: Int.self) ?? 1
            let id = RequestPlan.requestID(key: key, number: number)
            let (snapshot, catalog) = try await routingSnapshot(for: new.submission.need, leaving: nil, connection)
            let intake = RequestPlan.intake(new, id: id, at: now, snapshot: snapshot)
            let request = intake.stored.request
            let json = try RecordJSON.object(ServiceRequestRecord(intake.stored))
            try await connection.run("INSERT INTO service_request SELECT * FROM json_populate_record(NULL::service_request, \(json)::json)")
            try await Self.adjustLoad(from: nil, to: (request.station, request.status), connection)
            try await Self.append(intake.events, routing: intake.routing, to: id, connection)
            if let idempotency = new.idempotency {
                try await connection.run("""
                    INSERT INTO idempotency_key (key, body_digest, request_id, created_at)
                    VALUES (\(idempotency.key), \(idempotency.bodyDigest), \(id), \(Milliseconds.from(now)))
                    """)
            }
            let deliveries = try await enqueueEvents(
                action: intake.decision == nil ? nil : .assign, before: nil, after: request, note: nil, at: now, catalog: catalog, connection)
            return (.created(intake.stored, intake.decision), deliveries)
        }
        if deliveries > 0 { doorbell.ring() }
        return outcome
    }

    static func storedRequest(_ id: String, _ connection: PostgresConnection, forUpdate: Bool = false) async throws -> StoredServiceRequest? {
        try await connection.records("""
            SELECT row_to_json(t)::text FROM service_request t WHERE id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """, as: ServiceRequestRecord.self).first?.stored
    }

    public func serviceRequest(id: String) async throws -> StoredServiceRequest? {
        try await pool.read { connection in try await Self.storedRequest(id, connection) }
    }

    public func timeline(ofRequest id: String) async throws -> [RequestEvent] {
        try await requestHistory(id: id)?.timeline ?? []
    }

    public func routingRecords(ofRequest id: String) async throws -> [RoutingRecord] {
        try await requestHistory(id: id)?.routing ?? []
    }

    /// One statement, so one snapshot: the request, its timeline and its routing record as of one moment.
    public func requestHistory(id: String) async throws -> RequestHistory? {
        try await pool.read { connection in
            let rows = try await connection.query("""
                SELECT (SELECT row_to_json(r)::text FROM service_request r WHERE r.id = \(id)),
                    (SELECT COALESCE(json_agg(e ORDER BY e.id), '[]')::text FROM request_event e WHERE e.request_id = \(id)),
                    (SELECT COALESCE(json_agg(x ORDER BY x.id), '[]')::text FROM routing_record x WHERE x.request_id = \(id))
                """, logger: PostgresPool.logger)
            let decoder = JSONDecoder()
            for try await (request, events, routing) in rows.decode((String?, String, String).self) {
                guard let request else { return nil }
                return RequestHistory(
                    stored: try decoder.decode(ServiceRequestRecord.self, from: Data(request.utf8)).stored,
                    timeline: try decoder.decode([RequestEventRecord].self, from: Data(events.utf8)).map(\.event),
                    routing: try decoder.decode([RoutingRecordRow].self, from: Data(routing.utf8)).map(\.record))
            }
            return nil
        }
    }

    public func transitionRequest(_ change: RequestChange) async throws -> TransitionOutcome {
        let (outcome, deliveries) = try await pool.transaction { connection -> (TransitionOutcome, Int) in
            let reroutes = RequestPlan.reroutes(change.action)
            if reroutes {
                try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresPool.routingLock))")
            }
            guard let stored = try await Self.storedRequest(change.requestID, connection, forUpdate: true) else { return (.notFound, 0) }
            let routing = reroutes
                ? try await routingSnapshot(for: stored.request.need, leaving: RequestPlan.leaving(stored.request), connection) : nil
            let transition: RequestPlan.Transition
            switch RequestPlan.transition(change, of: stored, snapshot: routing?.snapshot) {
            case .failure(let refusal): return (.refused(refusal, current: stored.request.status), 0)
            case .success(let planned): transition = planned
            }
            let request = transition.after.request
            let declined = try RecordJSON.object(request.declinedBy)
            try await connection.run("""
                UPDATE service_request SET status = \(request.status.rawValue), station_id = \(request.station), service = \(request.service),
                    acknowledge_by = \(request.acknowledgeBy.map(Milliseconds.from)), declined_by = \(declined)::jsonb,
                    updated_at = \(Milliseconds.from(request.updatedAt))
                WHERE id = \(request.id)
                """)
            try await Self.adjustLoad(from: (stored.request.station, stored.request.status), to: (request.station, request.status), connection)
            try await Self.append(transition.events, routing: transition.routing, to: request.id, connection)
            let deliveries = try await enqueueEvents(
                action: change.action, before: stored.request, after: request, note: change.isInternal ? nil : change.note,
                at: request.updatedAt, catalog: routing?.catalog, connection)
            return (.changed(transition.after), deliveries)
        }
        if deliveries > 0 { doorbell.ring() }
        return outcome
    }

    static func append(_ events: [RequestEvent], routing: RoutingRecord?, to id: String, _ connection: PostgresConnection) async throws {
        if let routing {
            let decision = try RecordJSON.object(routing.decision)
            try await connection.run("""
                INSERT INTO routing_record (request_id, at, decision) VALUES (\(id), \(Milliseconds.from(routing.at)), \(decision)::jsonb)
                """)
        }
        let json = try RecordJSON.array(events.map { RequestEventRecord(requestID: id, event: $0) })
        try await connection.run("""
            INSERT INTO request_event (request_id, at, actor, action, from_status, to_status, note, internal)
            SELECT request_id, at, actor, action, from_status, to_status, note, internal
            FROM json_populate_recordset(NULL::request_event, \(json)::json)
            """)
    }

    /// Keeps `station_load` equal to the open requests of each station as a request moves.
    static func adjustLoad(from old: (station: String?, status: RequestStatus)?, to new: (station: String?, status: RequestStatus),
                           _ connection: PostgresConnection) async throws {
        for change in RequestPlan.loadChanges(from: old, to: new) {
            try await connection.run("""
                INSERT INTO station_load (station_id, open) VALUES (\(change.station), \(change.delta))
                ON CONFLICT (station_id) DO UPDATE SET open = station_load.open + excluded.open
                """)
        }
    }

    /// The routing catalog of the version `connection` sees now, decoded once per version.
    func routingCatalog(_ connection: PostgresConnection, version: Int64) async throws -> RoutingCatalog {
        if let cached = routingCatalog.cached(at: version) { return cached }
        let catalog = try await Self.routingCatalog(connection)
        routingCatalog.remember(catalog, at: version)
        return catalog
    }

    /// What routing `need` looks at, with the open requests per station, read in one statement.
    func routingSnapshot(for need: RoutingNeed, leaving: String?, _ connection: PostgresConnection) async throws -> (snapshot: RoutingSnapshot, catalog: RoutingCatalog) {
        let rows = try await connection.query("""
            SELECT (SELECT version FROM catalog_version),
                COALESCE((SELECT json_object_agg(station_id, open) FROM station_load WHERE open > 0), '{}')::text
            """, logger: PostgresPool.logger)
        var version: Int64 = 0
        var open: [String: Int] = [:]
        for try await (current, loads) in rows.decode((Int64, String).self) {
            version = current
            open = try JSONDecoder().decode([String: Int].self, from: Data(loads.utf8))
        }
        let catalog = try await routingCatalog(connection, version: version)
        return (catalog.snapshot(for: need, open: open, leaving: leaving), catalog)
    }

    public func requestsPastDeadline(at now: Date, limit: Int) async throws -> [String] {
        try await pool.read { connection in
            try await connection.all("""
                SELECT r.id FROM service_request r JOIN station s ON s.id = r.station_id
                WHERE r.status = 'assigned' AND r.acknowledge_by < \(Milliseconds.from(now)) AND s.kind != 'platform'
                ORDER BY r.acknowledge_by LIMIT \(limit)
                """, as: String.self)
        }
    }

    public func requestStatistics(from: Date?, to: Date?, now: Date) async throws -> RequestStatistics {
        try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var cohort = PostgresFilter()
            try cohort.period("r.created_at", from: from, to: to)
            func counts(_ expression: String) async throws -> [String: Int] {
                var result: [String: Int] = [:]
                let rows = try await connection.query(cohort.query(
                    "SELECT k, count(*) FROM (SELECT \(expression) AS k FROM service_request r \(cohort.clause)) c GROUP BY k"),
                    logger: PostgresPool.logger)
                for try await (key, count) in rows.decode((String?, Int).self) { result[key ?? "-"] = count }
                return result
            }
            func durations(to action: String) async throws -> [Double] {
                var filter = cohort
                let placeholder = try filter.bind(action)
                return try await connection.all(filter.query("""
                    SELECT MIN(e.at) - r.created_at FROM service_request r
                    JOIN request_event e ON e.request_id = r.id AND e.action = \(placeholder)
                    \(cohort.clause) GROUP BY r.id, r.created_at
                    """), as: Int64.self).map { Double($0) / 1000 }
            }
            let byStatus = try await counts("r.status")
            let escalations = try await connection.first(cohort.query("""
                SELECT count(*) FROM request_event e JOIN service_request r ON r.id = e.request_id WHERE e.action = 'escalate' \(cohort.andClause)
                """), as: Int.self) ?? 0
            var waitingFilter = cohort
            let nowPlaceholder = try waitingFilter.bind(Milliseconds.from(now))
            let waiting = try await connection.first(waitingFilter.query("""
                SELECT count(*) FROM service_request r JOIN station s ON s.id = r.station_id
                WHERE r.status = 'assigned' AND r.acknowledge_by < \(nowPlaceholder) AND s.kind != 'platform' \(cohort.andClause)
                """), as: Int.self) ?? 0
            var declines: [String: Int] = [:]
            let declineRows = try await connection.query(cohort.query("""
                SELECT e.actor, count(*) FROM request_event e JOIN service_request r ON r.id = e.request_id
                WHERE e.action = 'decline' \(cohort.andClause) GROUP BY e.actor
                """), logger: PostgresPool.logger)
            for try await (actor, count) in declineRows.decode((String, Int).self) {
                declines[actor.hasPrefix("station:") ? String(actor.dropFirst(8)) : actor] = count
            }
            return RequestStatistics(
                from: from, to: to, total: byStatus.values.reduce(0, +), byStatus: byStatus,
                byRegion: try await counts("r.region"),
                byCategory: try await counts("COALESCE(r.category_code, (SELECT category FROM service WHERE service.code = r.service_code))"),
                byStation: try await counts("r.station_id"),
                timeToAccept: .init(try await durations(to: "accept")), timeToComplete: .init(try await durations(to: "complete")),
                escalations: escalations, deadlineBreaches: escalations + waiting, declinesByStation: declines
            )
        }
    }

    /// From the routing catalog of the current version: no database read while it is fresh.
    public func submissionContext(serviceCode: String?) async throws -> RequestSubmission.Context {
        let version = try await catalogVersion()
        let catalog: RoutingCatalog
        if let cached = routingCatalog.cached(at: version) {
            catalog = cached
        } else {
            catalog = try await pool.read { connection in try await routingCatalog(connection, version: version) }
        }
        let active = Set(catalog.stations.filter { $0.status == .active }.map(\.id))
        let service = serviceCode.flatMap { catalog.servicesByCode[$0] }.flatMap { service in
            service.status == .active && active.contains(service.station) ? service.code : nil
        }
        return RequestSubmission.Context(
            regions: Set(catalog.regions.map(\.code)), categories: Set(catalog.categories.map(\.code)),
            services: service.map { [$0] } ?? [], stations: active)
    }

    public func explainRouting(_ need: RoutingNeed) async throws -> RoutingDecision? {
        try await pool.read { connection in
            RoutingPolicy.route(need, in: try await routingSnapshot(for: need, leaving: nil, connection).snapshot)
        }
    }

    public func serviceRequests(_ query: RequestQuery) async throws -> Page<ServiceRequest> {
        try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var filter = PostgresFilter()
            try filter.add("station_id = ?", query.station)
            try filter.add("status = ?", query.status?.rawValue)
            try filter.add("""
                region IN (WITH RECURSIVE sub(code) AS (SELECT ?::text UNION SELECT region.code FROM region
                JOIN sub ON region.parent = sub.code) SELECT code FROM sub)
                """, query.region)
            try filter.add("""
                COALESCE(category_code, (SELECT service.category FROM service WHERE service.code = t.service_code))
                IN (WITH RECURSIVE sub(code) AS (SELECT ?::text UNION SELECT category.code FROM category
                JOIN sub ON category.parent = sub.code) SELECT code FROM sub)
                """, query.category)
            try filter.period("created_at", from: query.from, to: query.to)
            let total = try await connection.first(filter.query("SELECT count(*) FROM service_request t \(filter.clause)"), as: Int.self) ?? 0
            var page = filter
            let limit = try page.bind(query.page.perPage)
            let offset = try page.bind(query.page.offset)
            let records = try await connection.records(page.query("""
                SELECT row_to_json(t)::text FROM service_request t \(filter.clause) ORDER BY created_at DESC, id DESC LIMIT \(limit) OFFSET \(offset)
                """), as: ServiceRequestRecord.self)
            return Page(items: records.map(\.stored.request), total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }
}

extension RecordJSON {
    static func object<R: Encodable>(_ value: R) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
