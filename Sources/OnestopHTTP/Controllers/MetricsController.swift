import Foundation
import Hummingbird
import OnestopDelivery
import OnestopStore

/// `GET /metrics`: Prometheus text, for the platform's monitoring to scrape.
struct MetricsController<Store: DeliveryStore & NoticeStore> {
    let store: Store
    let metrics: DeliveryMetrics

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("metrics", use: scrape)
        return routes
    }

    @Sendable func scrape(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let text = metrics.exposition(gauges: try await store.deliveryGauges(now: Date()), notices: try await store.noticeGauges())
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }
}
