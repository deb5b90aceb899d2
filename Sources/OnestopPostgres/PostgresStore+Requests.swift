import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: RequestStore {
    /// Routing reads the load and then changes it, so submissions and reroutes take turns: each locks
    /// every `station_load` row (in one order) in the statement that reads the load, and holds the locks
    /// until it commits. A submission is then two statements under the locks: that read (with the next
    /// number and the endpoints) and one write of everything.
    public func submitRequest(_ new: NewServiceRequest) async throws -> SubmissionOutcome {
        do {
            return try await submitOnce(new)
        } catch let error as PostgresStoreError where error.sqlState == "23505" && new.idempotency != nil {
            // The same key submitted at once through another instance, which committed first: answer as a retry.
            return try await submitOnce(new)
        }
    }

    private func submitOnce(_ new: NewServiceRequest) async throws -> SubmissionOutcome {
        let (outcome, deliveries) = try await pool.transaction { connection -> (SubmissionOutcome, Outbox) in
            let now = Milliseconds.truncated(new.receivedAt)
            if let idempotency = new.idempotency {
                let cutoff = Milliseconds.from(NewServiceRequest.Idempotency.cutoff(at: now))
                try await connection.query(
                    "DELETE FROM idempotency_key WHERE key = \(idempotency.storedKey) AND created_at < \(cutoff)", logger: PostgresPool.logger)
                if let used = try await connection.records(
                    "SELECT row_to_json(t)::text FROM idempotency_key t WHERE key = \(idempotency.storedKey)", as: IdempotencyKeyRecord.self).first
                {
                    guard used.bodyDigest == idempotency.bodyDigest, let earlier = try await Self.storedRequest(used.requestId, connection) else {
                        return (.keyReused, Outbox())
                    }
                    return (.replayed(earlier), Outbox())
                }
            }
            let key = RequestPlan.sequenceKey(prefix: new.idPrefix, at: now)
            let read = try await connection.records("""
                WITH load AS (
                    SELECT station_id, open FROM station_load ORDER BY station_id FOR UPDATE
                ), seq AS (
                    INSERT INTO request_sequence (prefix_day, last) VALUES (\(key), 1)
                    ON CONFLICT (prefix_day) DO UPDATE SET last = request_sequence.last + 1 RETURNING last
                ) -- Locked too, so that the version read is the latest committed one even after waiting for the load.
                , version AS (
                    SELECT version FROM catalog_version FOR SHARE
                )
                SELECT json_build_object(
                    'number', (SELECT last FROM seq), 'version', (SELECT version FROM version),
                    'open', COALESCE((SELECT json_object_agg(station_id, open) FROM load WHERE open > 0), '{}'::json),
                    'endpoints', COALESCE((SELECT json_agg(\(unescaped: Self.outboxEndpointJSON))
                        FROM webhook_endpoint e JOIN station s ON s.id = e.station_id WHERE e.enabled), '[]'::json))::text
                """, as: IntakeRead.self).first
            let (number, version, open, endpoints) = (read?.number ?? 1, read?.version ?? 0, read?.open ?? [:], read?.endpoints ?? [])
            let catalog = try await routingCatalog(connection, version: version)
            let id = RequestPlan.requestID(key: key, number: number)
            let intake = RequestPlan.intake(new, id: id, at: now, snapshot: catalog.snapshot(for: new.submission.need, open: open, leaving: nil))
            let request = intake.stored.request
            let events = WebhookEvent.caused(by: intake.decision == nil ? nil : .assign, before: nil, after: request)
            let deliveries = OutboxPlan.deliveries(
                for: events, to: endpoints, action: intake.decision == nil ? nil : .assign, before: nil, after: request, note: nil,
                catalog: catalog, at: now, baseURL: webhookBaseURL)
            let notices = NoticePlan.notices(action: nil, change: nil, before: nil, after: request, evaluation: nil, catalog: catalog, at: now)
            try await Self.write(RequestWrite(
                request: intake.stored, isNew: true, events: intake.events, routing: intake.routing,
                loads: RequestPlan.loadChanges(from: nil, to: (request.station, request.status)),
                idempotency: new.idempotency, deliveries: deliveries, at: now, notices: notices), connection)
            try await Self.raiseCalendarAlerts(intake.uncoveredYears, at: now, connection)
            return (.created(intake.stored, intake.decision), Outbox(deliveries: deliveries.count, notices: notices.count))
        }
        ring(deliveries)
        return outcome
    }

    static func evaluation(_ id: String, _ connection: PostgresConnection) async throws -> Evaluation? {
        try await connection.records("SELECT row_to_json(t)::text FROM evaluation t WHERE request_id = \(id)", as: EvaluationRecord.self)
            .first?.evaluation
    }

    static func storedRequest(_ id: String, _ connection: PostgresConnection, forUpdate: Bool = false) async throws -> StoredServiceRequest? {
        try await connection.records("""
            SELECT row_to_json(t)::text FROM service_request t WHERE id = \(id) \(unescaped: forUpdate ? "FOR NO KEY UPDATE" : "")
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
            guard let read = try await connection.records("""
                SELECT json_build_object(
                    'request', (SELECT row_to_json(r) FROM service_request r WHERE r.id = \(id)),
                    'events', (SELECT COALESCE(json_agg(e ORDER BY e.id), '[]'::json) FROM request_event e WHERE e.request_id = \(id)),
                    'routing', (SELECT COALESCE(json_agg(x ORDER BY x.id), '[]'::json) FROM routing_record x WHERE x.request_id = \(id)),
                    'evaluation', (SELECT row_to_json(v) FROM evaluation v WHERE v.request_id = \(id)))::text
                """, as: HistoryRows.self).first, let request = read.request
            else { return nil }
            return RequestHistory(stored: request.stored, timeline: read.events.map(\.event), routing: read.routing.map(\.record),
                                  evaluation: read.evaluation?.evaluation)
        }
    }

    public func transitionRequest(_ change: RequestChange) async throws -> TransitionOutcome {
        let (outcome, deliveries) = try await pool.transaction { connection -> (TransitionOutcome, Outbox) in
            // The request first, then (to reroute) every load row: the order every writer keeps.
            guard let stored = try await Self.storedRequest(change.requestID, connection, forUpdate: true) else { return (.notFound, Outbox()) }
            let reroutes = RequestPlan.reroutes(change.action)
            if reroutes {
                try await connection.run("SELECT 1 FROM station_load ORDER BY station_id FOR UPDATE")
            }
            let routing = reroutes
                ? try await routingSnapshot(for: stored.request.need, leaving: RequestPlan.leaving(stored.request), locking: true, connection) : nil
            let transition: RequestPlan.Transition
            let catalog: RoutingCatalog
            if let read = routing?.catalog {
                catalog = read
            } else {
                catalog = try await routingCatalog(connection, version: try await Self.catalogVersion(connection))
            }
            let evaluation = change.action.isEvaluationStep ? try await Self.evaluation(change.requestID, connection) : nil
            switch RequestPlan.transition(change, of: stored, snapshot: routing?.snapshot, catalog: catalog, evaluation: evaluation) {
            case .failure(let refusal): return (.refused(refusal, current: stored.request.status), Outbox())
            case .success(let planned): transition = planned
            }
            let request = transition.after.request
            let notices = NoticePlan.notices(
                action: change.action, change: change, before: stored.request, after: request, evaluation: transition.evaluation ?? evaluation,
                catalog: catalog, at: request.updatedAt)
            let planned = try await outboxDeliveries(
                action: change.action, before: stored.request, after: request, note: change.isInternal ? nil : change.note,
                at: request.updatedAt, catalog: routing?.catalog, evaluation: transition.evaluation, connection)
            try await Self.write(RequestWrite(
                request: transition.after, isNew: false, events: transition.events, routing: transition.routing,
                loads: RequestPlan.loadChanges(from: (stored.request.station, stored.request.status), to: (request.station, request.status)),
                idempotency: nil, deliveries: planned, at: request.updatedAt, evaluation: transition.evaluation, notices: notices), connection)
            try await Self.raiseCalendarAlerts(transition.uncoveredYears, at: request.updatedAt, connection)
            if !transition.audits.isEmpty { try await Self.insertAudits(transition.audits, connection) }
            return (.changed(transition.after), Outbox(deliveries: planned.count, notices: notices.count))
        }
        ring(deliveries)
        return outcome
    }

    /// One staff alert per year the calendar lacks, written only when none is stored already.
    static func raiseCalendarAlerts(_ years: Set<Int>, at now: Date, _ connection: PostgresConnection) async throws {
        CalendarGaps.warn(years)
        for year in years.sorted() {
            let alert = CalendarGaps.alert(for: year, at: now)
            try await connection.run("""
                INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message) SELECT \(alert.at), \(alert.kind), NULL, NULL, \(alert.message)
                WHERE NOT EXISTS (SELECT 1 FROM staff_alert WHERE kind = \(alert.kind) AND message = \(alert.message))
                """)
        }
    }

    /// Everything a submission or an action writes, in one statement.
    static func write(_ write: RequestWrite, _ connection: PostgresConnection) async throws {
        let request = try RecordJSON.object(ServiceRequestRecord(write.request))
        let id = write.request.request.id
        let events = try RecordJSON.array(write.events.map { RequestEventRecord(requestID: id, event: $0) })
        var routingRows: [RoutingRecordRow] = []
        if let record = write.routing {
            routingRows.append(RoutingRecordRow(id: nil, requestId: id, at: Milliseconds.from(record.at), decision: record.decision))
        }
        let routing = try RecordJSON.array(routingRows)
        let loads = try RecordJSON.array(write.loads.map { change in LoadChange(station_id: change.station, open: change.delta) })
        let created = Milliseconds.from(write.at)
        var idempotencyRows: [IdempotencyKeyRecord] = []
        if let key = write.idempotency {
            idempotencyRows.append(IdempotencyKeyRecord(key: key.storedKey, bodyDigest: key.bodyDigest, requestId: id, createdAt: created))
        }
        let idempotency = try RecordJSON.array(idempotencyRows)
        let deliveryRows: [OutboxRow] = write.deliveries.map { planned in
            OutboxRow(message_id: planned.messageID, endpoint_id: planned.endpoint, event_type: planned.type.rawValue,
                        payload: String(decoding: planned.body, as: UTF8.self))
        }
        let deliveries = try RecordJSON.array(deliveryRows)
        let evaluation = try RecordJSON.array(write.evaluation.map { [EvaluationRecord($0)] } ?? [])
        let notices = try RecordJSON.array(write.notices)
        let evaluationColumns = EvaluationRecord.CodingKeys.allCases.map(\.rawValue).filter { $0 != "request_id" }
            .map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let requestStatement = write.isNew
            ? "INSERT INTO service_request SELECT * FROM json_populate_record(NULL::service_request, $1::json)"
            : """
                UPDATE service_request t SET status = j.status, station_id = j.station_id, service = j.service, acknowledge_by = j.acknowledge_by,
                    declined_by = j.declined_by, updated_at = j.updated_at, caseworker_id = j.caseworker_id, caseworker_name = j.caseworker_name,
                    caseworker_phone = j.caseworker_phone, accepted_at = j.accepted_at, promised_on = j.promised_on,
                    completed_at = j.completed_at, overdue_at = j.overdue_at, closed_at = j.closed_at,
                    notices_stopped_at = j.notices_stopped_at, sms_unreachable_at = j.sms_unreachable_at,
                    email_unreachable_at = j.email_unreachable_at
                FROM json_populate_record(NULL::service_request, $1::json) j WHERE t.id = j.id
                """
        var binds = PostgresBindings()
        for json in [request, events, routing, loads, idempotency, deliveries] { binds.append(json) }
        binds.append(created)
        binds.append(id)
        binds.append(evaluation)
        binds.append(notices)
        try await connection.run(PostgresQuery(unsafeSQL: """
            WITH r AS (\(requestStatement)),
            e AS (
                INSERT INTO request_event (request_id, at, actor, action, from_status, to_status, note, internal)
                SELECT request_id, at, actor, action, from_status, to_status, note, internal FROM json_populate_recordset(NULL::request_event, $2::json)
            ), x AS (
                INSERT INTO routing_record (request_id, at, decision)
                SELECT request_id, at, decision FROM json_populate_recordset(NULL::routing_record, $3::json)
            ), l AS (
                INSERT INTO station_load (station_id, open) SELECT station_id, open FROM json_populate_recordset(NULL::station_load, $4::json)
                ON CONFLICT (station_id) DO UPDATE SET open = station_load.open + excluded.open
            ), i AS (
                INSERT INTO idempotency_key SELECT * FROM json_populate_recordset(NULL::idempotency_key, $5::json)
            ), d AS (
                INSERT INTO delivery (message_id, endpoint_id, event_type, request_id, payload, status, attempts, next_attempt_at, created_at)
                SELECT message_id, endpoint_id, event_type, $8, convert_to(payload, 'UTF8'), 'pending', 0, $7, $7
                FROM json_to_recordset($6::json) AS t(message_id text, endpoint_id text, event_type text, payload text)
            ), v AS (
                INSERT INTO evaluation SELECT * FROM json_populate_recordset(NULL::evaluation, $9::json)
                ON CONFLICT (request_id) DO UPDATE SET \(evaluationColumns)
            ), n AS (
                INSERT INTO firm_notice (message_id, request_id, event, channel, facts, status, attempts, next_attempt_at, created_at)
                SELECT message_id, request_id, event, channel, facts, status, attempts, next_attempt_at, created_at
                FROM json_populate_recordset(NULL::firm_notice, $10::json)
            )
            SELECT 1
            """, binds: binds))
    }

    /// The routing catalog of the version `connection` sees now, decoded once per version.
    /// When the version has moved on meanwhile, the newer catalog, remembered under its own version.
    func routingCatalog(_ connection: PostgresConnection, version: Int64) async throws -> RoutingCatalog {
        if let cached = routingCatalog.cached(at: version) { return cached }
        let (current, catalog) = try await Self.routingCatalog(connection)
        routingCatalog.remember(catalog, at: current)
        return catalog
    }

    /// What routing `need` looks at, with the open requests per station, read in one statement. `locking` (a change
    /// that routes) holds the catalog version, as a submission does, so that a catalog change committing meanwhile
    /// (a station suspended) is waited for and seen rather than routed past.
    func routingSnapshot(for need: RoutingNeed, leaving: String?, locking: Bool = false, _ connection: PostgresConnection) async throws
        -> (snapshot: RoutingSnapshot, catalog: RoutingCatalog)
    {
        let read = try await connection.records("""
            SELECT json_build_object(
                'version', (SELECT version FROM catalog_version \(unescaped: locking ? "FOR SHARE" : "")),
                'open', COALESCE((SELECT json_object_agg(station_id, open) FROM station_load WHERE open > 0), '{}'::json))::text
            """, as: LoadRead.self).first
        let (version, open) = (read?.version ?? 0, read?.open ?? [:])
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

    public func evaluation(ofRequest id: String) async throws -> Evaluation? {
        try await pool.read { connection in try await Self.evaluation(id, connection) }
    }

    public func followUpsPastDeadline(at now: Date, limit: Int) async throws -> [String] {
        try await pool.read { connection in
            try await connection.all("""
                SELECT request_id FROM evaluation
                WHERE follow_up_due IS NOT NULL AND follow_up_answered_at IS NULL AND follow_up_escalated_at IS NULL
                    AND follow_up_due < \(Milliseconds.from(now)) AND (appeal_decision IS NULL OR appeal_decision != 'set_aside')
                ORDER BY follow_up_due LIMIT \(limit)
                """, as: String.self)
        }
    }

    public func requestsPastPromise(today: CivilDay, limit: Int) async throws -> [String] {
        try await pool.read { connection in
            try await connection.all("""
                SELECT id FROM service_request
                WHERE overdue_at IS NULL AND status IN ('accepted', 'in_progress') AND promised_on < \(today.description)
                ORDER BY promised_on LIMIT \(limit)
                """, as: String.self)
        }
    }

    /// One pass over the period's requests, their routings and escalations, in one snapshot; the figures are the domain's.
    public func requestStatistics(_ query: StatisticsQuery, now: Date) async throws -> RequestStatistics {
        let version = try await catalogVersion()
        return try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var cohort = PostgresFilter()
            try cohort.period("r.created_at", from: query.from, to: query.to)
            let facts = AssessmentFactRecord.facts(
                try await connection.records(cohort.query("""
                    SELECT json_build_object(
                        'id', r.id, 'status', r.status, 'station_id', r.station_id, 'region', r.region,
                        'category', COALESCE(r.category_code, (SELECT category FROM service WHERE service.code = r.service_code)),
                        'caseworker_id', r.caseworker_id, 'caseworker_name', r.caseworker_name, 'created_at', r.created_at,
                        'acknowledge_by', r.acknowledge_by, 'accepted_at', r.accepted_at, 'promised_on', r.promised_on,
                        'completed_at', r.completed_at, 'declined_by', r.declined_by,
                        'overall', v.overall, 'efficiency', v.efficiency, 'proficiency', v.proficiency, 'attitude', v.attitude,
                        'appeal_decision', v.appeal_decision, 'follow_up_due', v.follow_up_due, 'follow_up_answered_at', v.follow_up_answered_at)::text
                    FROM service_request r LEFT JOIN evaluation v ON v.request_id = r.id \(cohort.clause)
                    """), as: AssessmentFactRecord.self),
                routings: try await connection.records(cohort.query("""
                    SELECT json_build_object('id', rr.id, 'request_id', rr.request_id, 'station', rr.decision->>'station', 'at', rr.at)::text
                    FROM routing_record rr JOIN service_request r ON r.id = rr.request_id \(cohort.clause)
                    """), as: AssessmentFactRecord.Event.self),
                escalations: try await connection.records(cohort.query("""
                    SELECT json_build_object('id', e.id, 'request_id', e.request_id, 'at', e.at)::text
                    FROM request_event e JOIN service_request r ON r.id = e.request_id WHERE e.action = 'escalate' \(cohort.andClause)
                    """), as: AssessmentFactRecord.Event.self))
            let catalog = try await routingCatalog(connection, version: version)
            return RequestStatistics(facts.narrowed(station: query.station, caseworker: query.caseworker), from: query.from, to: query.to,
                                     stations: catalog.stations, regions: catalog.regions, categories: catalog.categories,
                                     calendar: catalog.calendar, now: now)
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

    public func ledgerPage(_ query: LedgerQuery, after: LedgerQuery.Cursor?, limit: Int) async throws -> [LedgerEntry] {
        try await pool.read { connection in
            var filter = PostgresFilter()
            try filter.period("r.created_at", from: query.from, to: query.to)
            try filter.add("r.station_id = ?", query.station)
            if let after {
                let (time, id) = (try filter.bind(Milliseconds.from(after.receivedAt)), try filter.bind(after.id))
                filter.addBound("(r.created_at, r.id) > (\(time), \(id))")
            }
            let actions = LedgerRecord.outcomeActions.map { "'\($0)'" }.joined(separator: ", ")
            let limitPlaceholder = try filter.bind(limit)
            return try await connection.records(filter.query("""
                SELECT json_build_object(
                    'id', r.id, 'firm', r.enterprise->>'name', 'credit_code', r.enterprise->>'uscc',
                    'service_code', COALESCE(r.service, r.service_code), 'service_name', sv.name, 'category_name', c.name,
                    'station_name', s.name, 'caseworker_name', r.caseworker_name, 'created_at', r.created_at,
                    'accepted_at', r.accepted_at, 'promised_on', r.promised_on, 'completed_at', r.completed_at, 'status', r.status,
                    'outcome', (SELECT e.note FROM request_event e WHERE e.request_id = r.id AND e.action IN (\(actions)) AND NOT e.internal
                                ORDER BY e.id DESC LIMIT 1),
                    'overall', v.overall, 'efficiency', v.efficiency, 'proficiency', v.proficiency, 'attitude', v.attitude,
                    'evaluation_comment', v.comment, 'appeal_decision', v.appeal_decision, 'follow_up_due', v.follow_up_due,
                    'follow_up_answered_at', v.follow_up_answered_at)::text
                FROM service_request r
                LEFT JOIN evaluation v ON v.request_id = r.id
                LEFT JOIN station s ON s.id = r.station_id
                LEFT JOIN service sv ON sv.code = COALESCE(r.service, r.service_code)
                LEFT JOIN category c ON c.code = r.category_code
                \(filter.clause) ORDER BY r.created_at, r.id LIMIT \(limitPlaceholder)
                """), as: LedgerRecord.self).map(\.entry)
        }
    }

    public func serviceRequests(_ query: RequestQuery) async throws -> Page<ServiceRequest> {
        try await pool.transaction { connection in
            try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            var filter = PostgresFilter()
            try filter.add("station_id = ?", query.station)
            try filter.add("status = ?", query.status?.rawValue)
            try filter.add("caseworker_id = ?", query.caseworker)
            try filter.add("status IN ('accepted', 'in_progress') AND promised_on < ?", query.overdueOn?.description)
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
            let window = try page.window(query.page)
            let records = try await connection.records(page.query("""
                SELECT row_to_json(t)::text FROM service_request t \(filter.clause) ORDER BY created_at DESC, id COLLATE "C" DESC \(window)
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

/// What one submission or action writes.
struct RequestWrite {
    var request: StoredServiceRequest
    /// Inserted when new; otherwise its status, station, service, deadline, declines and time are updated.
    var isNew: Bool
    var events: [RequestEvent]
    var routing: RoutingRecord?
    var loads: [(station: String, delta: Int)]
    var idempotency: NewServiceRequest.Idempotency?
    var deliveries: [OutboxPlan.Planned]
    var at: Date
    /// Inserted or replaced whole.
    var evaluation: Evaluation? = nil
    var notices: [NoticeRecord] = []
}

private struct LoadChange: Encodable {
    var station_id: String
    var open: Int
}

private struct OutboxRow: Encodable {
    var message_id: String
    var endpoint_id: String
    var event_type: String
    var payload: String
}

/// What a submission reads under its locks, as one JSON object: its number of the day, the catalog version,
/// the open requests per station and the enabled endpoints.
private struct IntakeRead: Decodable {
    var number: Int
    var version: Int64?
    var open: [String: Int]
    var endpoints: [OutboxPlan.Endpoint]
}

/// A request with its timeline and routing record, as one JSON object (one snapshot).
private struct HistoryRows: Decodable {
    var request: ServiceRequestRecord?
    var events: [RequestEventRecord]
    var routing: [RoutingRecordRow]
    var evaluation: EvaluationRecord?
}

/// The catalog version and the open requests per station.
private struct LoadRead: Decodable {
    var version: Int64?
    var open: [String: Int]
}
