import Foundation
import GRDB
import OnestopDomain

extension SQLiteStore {
    /// Writes a delivery for every enabled endpoint that should hear of the events a request's change
    /// causes, inside the change's own transaction; returns how many were written.
    func enqueueEvents(action: RequestAction?, before: ServiceRequest?, after: ServiceRequest, note: String?, at: Date,
                       catalog: RoutingCatalog? = nil, in db: Database) throws -> Int {
        let events = WebhookEvent.caused(by: action, before: before, after: after)
        guard !events.isEmpty else { return 0 }
        var stations: [String] = []
        for event in events {
            if case .station(let id) = event.audience { stations.append(id) }
        }
        let wantsPlatform = events.contains { $0.audience == .platform }
        let endpoints = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT e.id, e.station_id, e.event_types, s.kind FROM webhook_endpoint e JOIN station s ON s.id = e.station_id
            WHERE e.enabled = 1 AND (e.station_id IN (?, ?) OR (? AND s.kind = 'platform'))
            """), arguments: [stations.first, stations.dropFirst().first, wantsPlatform]).map { row in
            (id: row["id"] as String, station: row["station_id"] as String, isPlatform: row["kind"] == Station.Kind.platform.rawValue,
             types: JSONStringList.decode(row["event_types"]).compactMap(WebhookEventType.init(rawValue:)))
        }
        guard !endpoints.isEmpty else { return 0 }
        let catalog = try catalog ?? routingCatalog.catalog(at: try SearchIndexCache.version(in: db)) { try RoutingCatalog(db) }
        let serviceName = after.service.flatMap { catalog.servicesByCode[$0]?.name }
        let stationName = after.station.flatMap { id in catalog.stations.first { $0.id == id }?.name }
        let created = Milliseconds.from(at)
        var written = 0
        for event in events {
            let targets = endpoints.filter { endpoint in
                guard endpoint.types.isEmpty || endpoint.types.contains(event.type) else { return false }
                switch event.audience {
                case .station(let id): return endpoint.station == id
                case .platform: return endpoint.isPlatform
                }
            }
            guard !targets.isEmpty else { continue }
            let body = WebhookPayload.body(for: event, request: after, before: before, action: action, note: note,
                                           serviceName: serviceName, stationName: stationName, at: at, baseURL: webhookBaseURL)
            let insert = try db.cachedStatement(sql: """
                INSERT INTO delivery (message_id, endpoint_id, event_type, request_id, payload, status, attempts, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
                """)
            for target in targets {
                try insert.execute(arguments: ["msg_" + RandomText.base62(count: 24), target.id, event.type.rawValue, after.id,
                                     Data(body), created, created])
                written += 1
            }
        }
        return written
    }
}
