import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore {
    /// The deliveries the events of a request's change cause, one per event and endpoint that hears of
    /// it; written by the change's own statement.
    func outboxDeliveries(action: RequestAction?, before: ServiceRequest?, after: ServiceRequest, note: String?, at: Date,
                          catalog: RoutingCatalog?, evaluation: Evaluation? = nil, _ connection: PostgresConnection) async throws
        -> [OutboxPlan.Planned]
    {
        let events = WebhookEvent.caused(by: action, before: before, after: after, evaluation: evaluation)
        guard !events.isEmpty else { return [] }
        let audience = OutboxPlan.audience(of: events)
        let endpoints = try await connection.records("""
            SELECT \(unescaped: Self.outboxEndpointJSON)::text
            FROM webhook_endpoint e JOIN station s ON s.id = e.station_id
            WHERE e.enabled AND (e.station_id = ANY(\(audience.stations)) OR (\(audience.platform) AND s.kind = 'platform'))
            """, as: OutboxPlan.Endpoint.self)
        guard !endpoints.isEmpty else { return [] }
        let names: RoutingCatalog
        if let catalog {
            names = catalog
        } else {
            names = try await routingCatalog(connection, version: try await Self.catalogVersion(connection))
        }
        return OutboxPlan.deliveries(
            for: events, to: endpoints, action: action, before: before, after: after, note: note, catalog: names, at: at, baseURL: webhookBaseURL,
            evaluation: evaluation)
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

    /// Endpoint `e` of station `s` as JSON for `OutboxPlan.Endpoint`.
    static let outboxEndpointJSON = "json_build_object('id', e.id, 'station_id', e.station_id, 'event_types', e.event_types, 'is_platform', s.kind = 'platform')"
}
