import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: RequestStore {
    public func submitRequest(_ new: NewServiceRequest) async throws -> SubmissionOutcome {
        let (outcome, deliveries) = try await writer.write { db -> (SubmissionOutcome, Outbox) in
            let now = Milliseconds.truncated(new.receivedAt)
            if let idempotency = new.idempotency {
                let cutoff = Milliseconds.from(NewServiceRequest.Idempotency.cutoff(at: now))
                try db.execute(sql: "DELETE FROM idempotency_key WHERE key = ? AND created_at < ?", arguments: [idempotency.storedKey, cutoff])
                if let used = try IdempotencyKeyRecord.fetchOne(db, key: idempotency.storedKey) {
                    guard used.bodyDigest == idempotency.bodyDigest else { return (.keyReused, Outbox()) }
                    guard let earlier = try ServiceRequestRecord.fetchOne(db, key: used.requestId) else { return (.keyReused, Outbox()) }
                    return (.replayed(earlier.stored), Outbox())
                }
            }
            let id = try Self.nextRequestID(prefix: new.idPrefix, at: now, in: db)
            let intake = RequestPlan.intake(new, id: id, at: now, snapshot: try routingSnapshot(for: new.submission.need, in: db))
            let request = intake.stored.request
            try ServiceRequestRecord(intake.stored).insert(db)
            try Self.adjustLoad(from: nil, to: (request.station, request.status), in: db)
            try Self.append(intake.events, routing: intake.routing, to: id, in: db)
            if let idempotency = new.idempotency {
                try IdempotencyKeyRecord(key: idempotency.storedKey, bodyDigest: idempotency.bodyDigest, requestId: id,
                                         createdAt: Milliseconds.from(now)).insert(db)
            }
            try Self.raiseCalendarAlerts(intake.uncoveredYears, at: now, in: db)
            let deliveries = try enqueueEvents(action: intake.decision == nil ? nil : .assign, before: nil, after: request, note: nil, at: now, in: db)
            let notices = try enqueueNotices(NoticePlan.notices(action: nil, change: nil, before: nil, after: request, evaluation: nil,
                                                                catalog: try routingCatalog(in: db), at: now), in: db)
            return (.created(intake.stored, intake.decision), Outbox(deliveries: deliveries, notices: notices))
        }
        ring(deliveries)
        return outcome
    }

    public func serviceRequest(id: String) async throws -> StoredServiceRequest? {
        // Cached statements: the tracking page and the console read these on every view, and preparing the
        // statement anew (with its authorizer callbacks) was a tenth of such a page's time.
        try await writer.read { db in
            try ServiceRequestRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM service_request WHERE id = ?"), arguments: [id])?.stored
        }
    }

    public func timeline(ofRequest id: String) async throws -> [RequestEvent] {
        try await writer.read { db in
            try RequestEventRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM request_event WHERE request_id = ? ORDER BY id"), arguments: [id])
                .map(\.event)
        }
    }

    public func routingRecords(ofRequest id: String) async throws -> [RoutingRecord] {
        try await writer.read { db in
            try RoutingRecordRow.fetchAll(db.cachedStatement(sql: "SELECT * FROM routing_record WHERE request_id = ? ORDER BY id"), arguments: [id])
                .map(\.record)
        }
    }

    public func requestHistory(id: String) async throws -> RequestHistory? {
        try await writer.read { db in
            guard let stored = try ServiceRequestRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM service_request WHERE id = ?"), arguments: [id])?.stored
            else { return nil }
            let timeline = try RequestEventRecord.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM request_event WHERE request_id = ? ORDER BY id"), arguments: [id]).map(\.event)
            let routing = try RoutingRecordRow.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM routing_record WHERE request_id = ? ORDER BY id"), arguments: [id]).map(\.record)
            let evaluation = try EvaluationRecord.fetchOne(db, key: id)?.evaluation
            return RequestHistory(stored: stored, timeline: timeline, routing: routing, evaluation: evaluation)
        }
    }

    public func transitionRequest(_ change: RequestChange) async throws -> TransitionOutcome {
        let (outcome, deliveries) = try await writer.write { db -> (TransitionOutcome, Outbox) in
            guard let record = try ServiceRequestRecord.fetchOne(db, key: change.requestID) else { return (.notFound, Outbox()) }
            let stored = record.stored
            let catalog = try routingCatalog(in: db)
            let snapshot = RequestPlan.reroutes(change.action)
                ? try routingSnapshot(for: stored.request.need, in: db, leaving: RequestPlan.leaving(stored.request), catalog: catalog) : nil
            let evaluation = change.action.isEvaluationStep ? try EvaluationRecord.fetchOne(db, key: change.requestID)?.evaluation : nil
            let transition: RequestPlan.Transition
            switch RequestPlan.transition(change, of: stored, snapshot: snapshot, catalog: catalog, evaluation: evaluation) {
            case .failure(let refusal): return (.refused(refusal, current: stored.request.status), Outbox())
            case .success(let planned): transition = planned
            }
            let request = transition.after.request
            try ServiceRequestRecord(transition.after).update(db)
            if let evaluation = transition.evaluation { try EvaluationRecord(evaluation).save(db) }
            for var audit in transition.audits { try audit.insert(db) }
            try Self.adjustLoad(from: (stored.request.station, stored.request.status), to: (request.station, request.status), in: db)
            try Self.append(transition.events, routing: transition.routing, to: request.id, in: db)
            try Self.raiseCalendarAlerts(transition.uncoveredYears, at: request.updatedAt, in: db)
            let deliveries = try enqueueEvents(
                action: change.action, before: stored.request, after: request, note: change.isInternal ? nil : change.note,
                at: request.updatedAt, evaluation: transition.evaluation, in: db)
            let notices = try enqueueNotices(NoticePlan.notices(
                action: change.action, change: change, before: stored.request, after: request, evaluation: transition.evaluation ?? evaluation,
                catalog: catalog, at: request.updatedAt), in: db)
            return (.changed(transition.after), Outbox(deliveries: deliveries, notices: notices))
        }
        ring(deliveries)
        return outcome
    }

    public func requestsPastDeadline(at now: Date, limit: Int) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT service_request.id FROM service_request
                JOIN station ON station.id = service_request.station_id
                WHERE service_request.status = 'assigned' AND service_request.acknowledge_by < ? AND station.kind != 'platform'
                ORDER BY service_request.acknowledge_by LIMIT ?
                """, arguments: [Milliseconds.from(now), limit])
        }
    }

    public func evaluation(ofRequest id: String) async throws -> Evaluation? {
        try await writer.read { db in try EvaluationRecord.fetchOne(db, key: id)?.evaluation }
    }

    public func followUpsPastDeadline(at now: Date, limit: Int) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT request_id FROM evaluation
                WHERE follow_up_due IS NOT NULL AND follow_up_answered_at IS NULL AND follow_up_escalated_at IS NULL
                    AND follow_up_due < ? AND (appeal_decision IS NULL OR appeal_decision != 'set_aside')
                ORDER BY follow_up_due LIMIT ?
                """, arguments: [Milliseconds.from(now), limit])
        }
    }

    public func requestsPastPromise(today: CivilDay, limit: Int) async throws -> [String] {
        try await writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT id FROM service_request
                WHERE overdue_at IS NULL AND status IN ('accepted', 'in_progress') AND promised_on < ?
                ORDER BY promised_on LIMIT ?
                """, arguments: [today.description, limit])
        }
    }

    public func ledgerPage(_ query: LedgerQuery, after: LedgerQuery.Cursor?, limit: Int) async throws -> [LedgerEntry] {
        try await writer.read { db in
            var filters = SQLiteFilter()
            filters.period("r.created_at", from: query.from, to: query.to)
            filters.add("r.station_id = ?", query.station)
            if let after {
                filters.add("(r.created_at, r.id) > (?, ?)", values: [Milliseconds.from(after.receivedAt), after.id])
            }
            let actions = LedgerRecord.outcomeActions.map { "'\($0)'" }.joined(separator: ", ")
            return try LedgerRecord.fetchAll(db.cachedStatement(sql: """
                SELECT r.id, json_extract(r.enterprise, '$.name') AS firm, json_extract(r.enterprise, '$.uscc') AS credit_code,
                    COALESCE(r.service, r.service_code) AS service_code, sv.name AS service_name, c.name AS category_name,
                    s.name AS station_name, r.caseworker_name, r.created_at, r.accepted_at, r.promised_on, r.completed_at, r.status,
                    (SELECT e.note FROM request_event e WHERE e.request_id = r.id AND e.action IN (\(actions)) AND e.internal = 0
                     ORDER BY e.id DESC LIMIT 1) AS outcome,
                    v.overall, v.efficiency, v.proficiency, v.attitude, v.comment AS evaluation_comment, v.appeal_decision,
                    v.follow_up_due, v.follow_up_answered_at
                FROM service_request r
                LEFT JOIN evaluation v ON v.request_id = r.id
                LEFT JOIN station s ON s.id = r.station_id
                LEFT JOIN service sv ON sv.code = COALESCE(r.service, r.service_code)
                LEFT JOIN category c ON c.code = r.category_code
                \(filters.clause) ORDER BY r.created_at, r.id LIMIT ?
                """), arguments: filters.arguments + [limit]).map(\.entry)
        }
    }

    /// One pass over the period's requests, their routings and escalations; the figures are the domain's.
    public func requestStatistics(_ query: StatisticsQuery, now: Date) async throws -> RequestStatistics {
        try await writer.read { db in
            var filters = SQLiteFilter()
            filters.period("r.created_at", from: query.from, to: query.to)
            let (cohort, arguments) = (filters.clause, filters.arguments)
            let facts = AssessmentFactRecord.facts(
                try AssessmentFactRecord.fetchAll(db.cachedStatement(sql: """
                    SELECT r.id, r.status, r.station_id, r.region,
                        COALESCE(r.category_code, (SELECT category FROM service WHERE service.code = r.service_code)) AS category,
                        r.caseworker_id, r.caseworker_name, r.created_at, r.acknowledge_by, r.accepted_at, r.promised_on,
                        r.completed_at, r.declined_by, \(AssessmentFactRecord.evaluationColumns)
                    FROM service_request r LEFT JOIN evaluation v ON v.request_id = r.id \(cohort)
                    """), arguments: arguments),
                routings: try AssessmentFactRecord.Event.fetchAll(db.cachedStatement(sql: """
                    SELECT rr.id, rr.request_id, json_extract(rr.decision, '$.station') AS station, rr.at
                    FROM routing_record rr JOIN service_request r ON r.id = rr.request_id \(cohort)
                    """), arguments: arguments),
                escalations: try AssessmentFactRecord.Event.fetchAll(db.cachedStatement(sql: """
                    SELECT e.id, e.request_id, NULL AS station, e.at FROM request_event e JOIN service_request r ON r.id = e.request_id
                    \(cohort.isEmpty ? "WHERE" : cohort + " AND") e.action = 'escalate'
                    """), arguments: arguments))
            let catalog = try routingCatalog(in: db)
            return RequestStatistics(facts.narrowed(station: query.station, caseworker: query.caseworker), from: query.from, to: query.to,
                                     stations: catalog.stations, regions: catalog.regions, categories: catalog.categories,
                                     calendar: catalog.calendar, now: now)
        }
    }

    public func submissionContext(serviceCode: String?) async throws -> RequestSubmission.Context {
        try await writer.read { db in
            RequestSubmission.Context(
                regions: Set(try String.fetchAll(db, sql: "SELECT code FROM region")),
                categories: Set(try String.fetchAll(db, sql: "SELECT code FROM category")),
                services: Set(try String.fetchAll(db.cachedStatement(sql: """
                    SELECT service.code FROM service JOIN station ON station.id = service.station_id
                    WHERE service.code = ? AND service.status = 'active' AND station.status = 'active'
                    """), arguments: [serviceCode])),
                stations: Set(try String.fetchAll(db, sql: "SELECT id FROM station WHERE status = 'active'"))
            )
        }
    }

    public func explainRouting(_ need: RoutingNeed) async throws -> RoutingDecision? {
        try await writer.read { db in RoutingPolicy.route(need, in: try routingSnapshot(for: need, in: db)) }
    }

    public func serviceRequests(_ query: RequestQuery) async throws -> Page<ServiceRequest> {
        try await writer.read { db in
            var filters = SQLiteFilter()
            filters.add("station_id = ?", query.station)
            filters.add("status = ?", query.status?.rawValue)
            filters.add("caseworker_id = ?", query.caseworker)
            filters.add("status IN ('accepted', 'in_progress') AND promised_on < ?", query.overdueOn?.description)
            filters.add("""
                region IN (WITH RECURSIVE sub(code) AS (SELECT ? UNION SELECT region.code FROM region
                JOIN sub ON region.parent = sub.code) SELECT code FROM sub)
                """, query.region)
            filters.add("""
                COALESCE(category_code, (SELECT service.category FROM service WHERE service.code = service_request.service_code))
                IN (WITH RECURSIVE sub(code) AS (SELECT ? UNION SELECT category.code FROM category
                JOIN sub ON category.parent = sub.code) SELECT code FROM sub)
                """, query.category)
            filters.period("created_at", from: query.from, to: query.to)
            let (filter, arguments) = (filters.clause, filters.arguments)
            // Cached: there are few combinations of filters, and the console lists on every view.
            let total = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM service_request \(filter)"), arguments: arguments) ?? 0
            let records = try ServiceRequestRecord.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM service_request \(filter) ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?
                """), arguments: arguments + [query.page.perPage, query.page.offset])
            return Page(items: records.map(\.stored.request), total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    /// Appends events to a request's timeline and, when it moved, the routing record.
    static func append(_ events: [RequestEvent], routing: RoutingRecord?, to id: String, in db: Database) throws {
        if let routing {
            var row = RoutingRecordRow(id: nil, requestId: id, at: Milliseconds.from(routing.at), decision: routing.decision)
            try row.insert(db)
        }
        for event in events {
            var row = RequestEventRecord(requestID: id, event: event)
            try row.insert(db)
        }
    }

    /// One staff alert per year the calendar lacks, written only when none is stored already.
    static func raiseCalendarAlerts(_ years: Set<Int>, at now: Date, in db: Database) throws {
        CalendarGaps.warn(years)
        for year in years.sorted() {
            let alert = CalendarGaps.alert(for: year, at: now)
            try db.execute(sql: """
                INSERT INTO staff_alert (at, kind, endpoint_id, station_id, message) SELECT ?, ?, NULL, NULL, ?
                WHERE NOT EXISTS (SELECT 1 FROM staff_alert WHERE kind = ? AND message = ?)
                """, arguments: [alert.at, alert.kind, alert.message, alert.kind, alert.message])
        }
    }

    /// Keeps `station_load` equal to the open requests of each station as a request moves.
    static func adjustLoad(from old: (station: String?, status: RequestStatus)?, to new: (station: String?, status: RequestStatus), in db: Database) throws {
        for change in RequestPlan.loadChanges(from: old, to: new) {
            try db.execute(sql: """
                INSERT INTO station_load (station_id, open) VALUES (?, ?)
                ON CONFLICT(station_id) DO UPDATE SET open = open + excluded.open
                """, arguments: [change.station, change.delta])
        }
    }

    /// `PREFIX-YYYYMMDD-NNNN`, numbered per prefix and day in China Standard Time.
    static func nextRequestID(prefix: String, at date: Date, in db: Database) throws -> String {
        let key = RequestPlan.sequenceKey(prefix: prefix, at: date)
        let number = try Int.fetchOne(db, sql: """
            INSERT INTO request_sequence (prefix_day, last) VALUES (?, 1)
            ON CONFLICT(prefix_day) DO UPDATE SET last = last + 1 RETURNING last
            """, arguments: [key]) ?? 1
        return RequestPlan.requestID(key: key, number: number)
    }

    /// The part of the catalog and the load that routing `need` looks at.
    /// `leaving`: the station an open request is being moved from, whose load it no longer adds to.
    /// `catalog`: the routing catalog when the caller has read it already.
    func routingSnapshot(for need: RoutingNeed, in db: Database, leaving: String? = nil, catalog: RoutingCatalog? = nil) throws -> RoutingSnapshot {
        var open: [String: Int] = [:]
        for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT station_id, open FROM station_load WHERE open > 0")) {
            open[row["station_id"]] = row["open"]
        }
        return try (catalog ?? routingCatalog(in: db)).snapshot(for: need, open: open, leaving: leaving)
    }
}
