import Foundation
import GRDB
import OnestopDomain

extension SQLiteStore: RequestStore {
    public func submitRequest(_ new: NewServiceRequest) async throws -> SubmissionOutcome {
        let (outcome, deliveries) = try await writer.write { db -> (SubmissionOutcome, Int) in
            if let idempotency = new.idempotency,
                let row = try Row.fetchOne(db, sql: "SELECT body_digest, request_id FROM idempotency_key WHERE key = ?", arguments: [idempotency.key])
            {
                guard row["body_digest"] as String == idempotency.bodyDigest else { return (.keyReused, 0) }
                guard let earlier = try ServiceRequestRecord.fetchOne(db, key: row["request_id"] as String) else { return (.keyReused, 0) }
                return (.replayed(earlier.stored), 0)
            }
            let submission = new.submission
            let now = Milliseconds.truncated(new.receivedAt)
            let id = try Self.nextRequestID(prefix: new.idPrefix, at: now, in: db)
            let snapshot = try routingSnapshot(for: submission.need, in: db)
            let decision = RoutingPolicy.route(submission.need, in: snapshot)
            let request = ServiceRequest(
                id: id, status: decision == nil ? .submitted : .assigned, enterprise: submission.enterprise,
                serviceCode: submission.need.serviceCode, categoryCode: submission.need.categoryCode,
                description: submission.description, mode: submission.need.mode,
                preferredStation: submission.need.preferredStation, station: decision?.station, service: decision?.service,
                acknowledgeBy: decision.map { decision in
                    Milliseconds.truncated(new.acknowledgement.deadline(from: now, station: snapshot.stations.first { $0.id == decision.station }))
                },
                createdAt: now, updatedAt: now
            )
            let stored = StoredServiceRequest(request: request, tokenNonce: new.tokenNonce)
            try ServiceRequestRecord(stored).insert(db)
            try Self.adjustLoad(from: nil, to: (request.station, request.status), in: db)
            var submitted = RequestEventRecord(requestID: id, event: RequestEvent(at: now, actor: "firm", action: nil, from: nil, to: .submitted))
            try submitted.insert(db)
            if let decision {
                var routing = RoutingRecordRow(id: nil, requestId: id, at: Milliseconds.from(now), decision: decision)
                try routing.insert(db)
                let note = decision.fallback
                    ? "没有服务站提供该服务，由市级平台协调办理 (no station offers this; the platform will arrange it)"
                    : nil
                var assigned = RequestEventRecord(requestID: id, event: RequestEvent(
                    at: now, actor: "system", action: .assign, from: .submitted, to: .assigned, note: note))
                try assigned.insert(db)
            }
            if let idempotency = new.idempotency {
                try db.execute(
                    sql: "INSERT INTO idempotency_key (key, body_digest, request_id, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [idempotency.key, idempotency.bodyDigest, id, Milliseconds.from(now)])
            }
            let deliveries = try enqueueEvents(action: decision == nil ? nil : .assign, before: nil, after: request, note: nil, at: now, in: db)
            return (.created(stored, decision), deliveries)
        }
        if deliveries > 0 { doorbell.ring() }
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
            return RequestHistory(stored: stored, timeline: timeline, routing: routing)
        }
    }

    public func transitionRequest(_ change: RequestChange) async throws -> TransitionOutcome {
        let (outcome, deliveries) = try await writer.write { db -> (TransitionOutcome, Int) in
            guard let record = try ServiceRequestRecord.fetchOne(db, key: change.requestID) else { return (.notFound, 0) }
            var request = record.stored.request
            let before = request.status
            var next: RequestStatus
            switch RequestLifecycle.apply(change.action, by: change.actor, to: before, assignedStation: request.station) {
            case .failure(let refusal): return (.refused(refusal, current: before), 0)
            case .success(let status): next = status
            }
            let now = Milliseconds.truncated(change.at)
            var fallbackNote: String?
            if [.decline, .escalate, .reassign].contains(change.action) {
                if change.action == .decline, let station = request.station, !request.declinedBy.contains(station) {
                    request.declinedBy.append(station)
                }
                let snapshot = try routingSnapshot(for: request.need, in: db, leaving: before.isOpen ? record.stationId : nil)
                let decision: RoutingDecision?
                switch change.action {
                case .reassign: decision = change.toStation.map { Self.decision(sendingTo: $0, request, in: snapshot) }
                case .escalate: decision = snapshot.stations.first { $0.kind == .platform && $0.status == .active }
                    .map { Self.decision(sendingTo: $0.id, request, in: snapshot) }
                default: decision = RoutingPolicy.route(request.need, in: snapshot)
                }
                if let decision {
                    var routing = RoutingRecordRow(id: nil, requestId: request.id, at: Milliseconds.from(now), decision: decision)
                    try routing.insert(db)
                    request.station = decision.station
                    request.service = decision.service
                    request.acknowledgeBy = Milliseconds.truncated(
                        change.acknowledgement.deadline(from: now, station: snapshot.stations.first { $0.id == decision.station }))
                    if decision.fallback && change.action == .decline {
                        fallbackNote = "没有服务站可以承接，由市级平台协调办理 (no station can take it; the platform will arrange it)"
                    }
                } else {
                    request.station = nil
                    request.service = nil
                    request.acknowledgeBy = nil
                    next = .submitted
                }
            }
            request.status = next
            request.updatedAt = now
            try ServiceRequestRecord(StoredServiceRequest(request: request, tokenNonce: record.tokenNonce)).update(db)
            try Self.adjustLoad(from: (record.stationId, before), to: (request.station, next), in: db)
            var events = [RequestEvent(at: now, actor: change.actorName, action: change.action, from: before, to: next, note: change.note, isInternal: change.isInternal)]
            if let fallbackNote { events.append(RequestEvent(at: now, actor: "system", action: .assign, from: next, to: next, note: fallbackNote)) }
            for event in events {
                var row = RequestEventRecord(requestID: request.id, event: event)
                try row.insert(db)
            }
            let deliveries = try enqueueEvents(
                action: change.action, before: record.stored.request, after: request, note: change.isInternal ? nil : change.note,
                at: now, in: db)
            return (.changed(StoredServiceRequest(request: request, tokenNonce: record.tokenNonce)), deliveries)
        }
        if deliveries > 0 { doorbell.ring() }
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

    public func requestStatistics(from: Date?, to: Date?, now: Date) async throws -> RequestStatistics {
        try await writer.read { db in
            var filters = SQLFilter()
            filters.period("r.created_at", from: from, to: to)
            let (cohort, arguments) = (filters.clause, filters.arguments)
            func counts(_ expression: String) throws -> [String: Int] {
                var result: [String: Int] = [:]
                for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT \(expression) AS k, COUNT(*) AS n FROM service_request r \(cohort) GROUP BY k"), arguments: arguments) {
                    result[(row["k"] as String?) ?? "-"] = row["n"]
                }
                return result
            }
            func durations(to action: String) throws -> [Double] {
                try Int64.fetchAll(db.cachedStatement(sql: """
                    SELECT MIN(e.at) - r.created_at FROM service_request r
                    JOIN request_event e ON e.request_id = r.id AND e.action = ?
                    \(cohort) GROUP BY r.id
                    """), arguments: [action] + arguments).map { Double($0) / 1000 }
            }
            let byStatus = try counts("r.status")
            let escalations = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM request_event e JOIN service_request r ON r.id = e.request_id \(cohort.isEmpty ? "WHERE" : cohort + " AND") e.action = 'escalate'
                """), arguments: arguments) ?? 0
            let waiting = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM service_request r JOIN station s ON s.id = r.station_id
                \(cohort.isEmpty ? "WHERE" : cohort + " AND") r.status = 'assigned' AND r.acknowledge_by < ? AND s.kind != 'platform'
                """), arguments: arguments + [Milliseconds.from(now)]) ?? 0
            var declines: [String: Int] = [:]
            for row in try Row.fetchAll(db.cachedStatement(sql: """
                SELECT e.actor AS actor, COUNT(*) AS n FROM request_event e JOIN service_request r ON r.id = e.request_id
                \(cohort.isEmpty ? "WHERE" : cohort + " AND") e.action = 'decline' GROUP BY e.actor
                """), arguments: arguments)
            {
                let actor: String = row["actor"]
                declines[actor.hasPrefix("station:") ? String(actor.dropFirst(8)) : actor] = row["n"]
            }
            return RequestStatistics(
                from: from, to: to, total: byStatus.values.reduce(0, +), byStatus: byStatus,
                byRegion: try counts("r.region"),
                byCategory: try counts("COALESCE(r.category_code, (SELECT category FROM service WHERE service.code = r.service_code))"),
                byStation: try counts("r.station_id"),
                timeToAccept: .init(try durations(to: "accept")), timeToComplete: .init(try durations(to: "complete")),
                escalations: escalations, deadlineBreaches: escalations + waiting, declinesByStation: declines
            )
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
            var filters = SQLFilter()
            filters.add("station_id = ?", query.station)
            filters.add("status = ?", query.status?.rawValue)
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

    /// A decision that sends the request to `station`, as its service matching the need when it has one.
    static func decision(sendingTo station: String, _ request: ServiceRequest, in snapshot: RoutingSnapshot) -> RoutingDecision {
        let service = snapshot.services.first { $0.station == station && $0.status == .active }?.code
        return RoutingDecision(station: station, service: service, fallback: service == nil)
    }

    /// Keeps `station_load` equal to the open requests of each station as a request moves.
    static func adjustLoad(from old: (station: String?, status: RequestStatus)?, to new: (station: String?, status: RequestStatus), in db: Database) throws {
        if let old, let station = old.station, old.status.isOpen {
            try db.execute(sql: "UPDATE station_load SET open = open - 1 WHERE station_id = ?", arguments: [station])
        }
        if let station = new.station, new.status.isOpen {
            try db.execute(sql: """
                INSERT INTO station_load (station_id, open) VALUES (?, 1)
                ON CONFLICT(station_id) DO UPDATE SET open = open + 1
                """, arguments: [station])
        }
    }

    /// `PREFIX-YYYYMMDD-NNNN`, numbered per prefix and day in China Standard Time.
    static func nextRequestID(prefix: String, at date: Date, in db: Database) throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WorkingCalendar.china.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let day = String(format: "%04d%02d%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let key = "\(prefix)-\(day)"
        try db.execute(sql: """
            INSERT INTO request_sequence (prefix_day, last) VALUES (?, 1)
            ON CONFLICT(prefix_day) DO UPDATE SET last = last + 1
            """, arguments: [key])
        let number = try Int.fetchOne(db, sql: "SELECT last FROM request_sequence WHERE prefix_day = ?", arguments: [key]) ?? 1
        return "\(key)-\(String(format: "%04d", number))"
    }

    /// The part of the catalog and the load that routing `need` looks at.
    /// `leaving`: the station an open request is being moved from, whose load it no longer adds to.
    func routingSnapshot(for need: RoutingNeed, in db: Database, leaving: String? = nil) throws -> RoutingSnapshot {
        let catalog = try routingCatalog.catalog(at: try SearchIndexCache.version(in: db)) { try RoutingCatalog(db) }
        let services: [Service]
        if let code = need.serviceCode {
            services = catalog.servicesByCode[code].map { [$0] } ?? []
        } else if let category = need.categoryCode {
            services = Catalog(categories: catalog.categories).categoryAndDescendants(category).flatMap { catalog.servicesByCategory[$0] ?? [] }
        } else {
            services = []
        }
        var open: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT station_id, open FROM station_load WHERE open > 0") {
            open[row["station_id"]] = row["open"]
        }
        if let leaving, let count = open[leaving] {
            open[leaving] = count - 1
        }
        return RoutingSnapshot(
            stations: catalog.stations, services: services, categories: catalog.categories, regions: catalog.regions, openRequests: open
        )
    }
}
