import Foundation
import OnestopDomain

/// Which deliveries a request's change writes to the outbox, decided apart from any database.
package enum OutboxPlan {
    /// An enabled endpoint as the outbox chooses among them, read by column name (`id`, `station_id`, `event_types`,
    /// `is_platform`) from the endpoint and its station.
    package struct Endpoint: Decodable, Sendable {
        package var id: String
        package var station: String
        package var isPlatform: Bool
        /// Empty: every event type.
        package var types: [WebhookEventType]

        package init(id: String, station: String, isPlatform: Bool, types: [WebhookEventType]) {
            self.id = id
            self.station = station
            self.isPlatform = isPlatform
            self.types = types
        }

        private enum CodingKeys: String, CodingKey {
            case id, station = "station_id", types = "event_types", isPlatform = "is_platform"
        }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            station = try container.decode(String.self, forKey: .station)
            isPlatform = try container.decode(Bool.self, forKey: .isPlatform)
            // A type this build does not know (written by a newer one) is not listened for.
            types = try container.decode([String].self, forKey: .types).compactMap(WebhookEventType.init(rawValue:))
        }
    }

    package struct Planned {
        package var messageID: String
        package var endpoint: String
        package var type: WebhookEventType
        package var body: [UInt8]
    }

    /// The stations the events are for (at most two: the one left and the one given) and whether the platform's endpoints hear of them too.
    package static func audience(of events: [WebhookEvent]) -> (stations: [String], platform: Bool) {
        var stations: [String] = []
        for event in events {
            if case .station(let id) = event.audience, !stations.contains(id) { stations.append(id) }
        }
        return (stations, events.contains { $0.audience == .platform })
    }

    /// One delivery per event and endpoint that subscribes to it; each with its own webhook-id.
    package static func deliveries(
        for events: [WebhookEvent], to endpoints: [Endpoint], action: RequestAction?, before: ServiceRequest?, after: ServiceRequest,
        note: String?, catalog: RoutingCatalog, at: Date, baseURL: String, evaluation: Evaluation? = nil
    ) -> [Planned] {
        guard !endpoints.isEmpty else { return [] }
        let serviceName = after.service.flatMap { catalog.servicesByCode[$0]?.name }
        let stationName = after.station.flatMap { id in catalog.stations.first { $0.id == id }?.name }
        var planned: [Planned] = []
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
                                           serviceName: serviceName, stationName: stationName, at: at, baseURL: baseURL,
                                           evaluation: evaluation)
            for target in targets {
                planned.append(Planned(messageID: "msg_" + RandomText.base62(count: 24), endpoint: target.id, type: event.type, body: body))
            }
        }
        return planned
    }
}
