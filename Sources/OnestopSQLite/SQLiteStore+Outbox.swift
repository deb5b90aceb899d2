import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore {
    /// Writes a delivery for every enabled endpoint that should hear of the events a request's change
    /// causes, inside the change's own transaction; returns how many were written.
    func enqueueEvents(action: RequestAction?, before: ServiceRequest?, after: ServiceRequest, note: String?, at: Date,
                       evaluation: Evaluation? = nil, in db: Database) throws -> Int {
        let events = WebhookEvent.caused(by: action, before: before, after: after, evaluation: evaluation)
        guard !events.isEmpty else { return 0 }
        let audience = OutboxPlan.audience(of: events)
        let endpoints = try OutboxPlan.Endpoint.fetchAll(db.cachedStatement(sql: """
            SELECT e.id, e.station_id, e.event_types, s.kind = 'platform' AS is_platform FROM webhook_endpoint e JOIN station s ON s.id = e.station_id
            WHERE e.enabled = 1 AND (e.station_id IN (?, ?) OR (? AND s.kind = 'platform'))
            """), arguments: [audience.stations.first, audience.stations.dropFirst().first, audience.platform])
        guard !endpoints.isEmpty else { return 0 }
        let planned = OutboxPlan.deliveries(
            for: events, to: endpoints, action: action, before: before, after: after, note: note,
            catalog: try routingCatalog(in: db), at: at, baseURL: webhookBaseURL, evaluation: evaluation)
        let created = Milliseconds.from(at)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO delivery (message_id, endpoint_id, event_type, request_id, payload, status, attempts, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
            """)
        for delivery in planned {
            try insert.execute(arguments: [delivery.messageID, delivery.endpoint, delivery.type.rawValue, after.id, Data(delivery.body), created, created])
        }
        return planned.count
    }

    /// Writes the notices a request's change tells its firm of, inside the change's own transaction; returns how many.
    func enqueueNotices(_ notices: [NoticeRecord], in db: Database) throws -> Int {
        for var notice in notices { try notice.insert(db) }
        return notices.count
    }

    /// What a change wrote to the outboxes, so that the workers in this process are told once it has committed.
    struct Outbox {
        var deliveries = 0
        var notices = 0
    }

    func ring(_ outbox: Outbox) {
        if outbox.deliveries > 0 { doorbell.ring() }
        if outbox.notices > 0 { noticeBell.ring() }
    }

    /// The routing catalog of the catalog version `db` sees.
    func routingCatalog(in db: Database) throws -> RoutingCatalog {
        try routingCatalog.catalog(at: try SearchIndexCache.version(in: db)) {
            RoutingCatalog(
                stations: try StationRecord.fetchAll(db).map(\.value), categories: try CategoryRecord.fetchAll(db).map(\.value),
                regions: try RegionRecord.fetchAll(db).map(\.value), services: try ServiceRecord.fetchAll(db).map(\.service),
                calendar: try CalendarYearRecord.order(CalendarYearRecord.Columns.year).fetchAll(db).map(\.value))
        }
    }
}
