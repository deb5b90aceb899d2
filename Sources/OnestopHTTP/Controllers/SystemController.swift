import Foundation
import Hummingbird
import OnestopStore

/// Liveness, readiness and the API's own description.
struct SystemController<Store: CatalogStore> {
    let store: Store
    var storage = StorageHealth()

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("healthz", use: health)
        routes.get("readyz", use: ready)
        routes.get("openapi.yaml", use: openAPI)
        return routes
    }

    struct Status: ResponseEncodable {
        var status: String
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Status {
        Status(status: "ok")
    }

    /// Ready when the database answers, holds a catalog and has not lately refused a write for want of space.
    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<Status> {
        if storage.isFull {
            return EditedResponse(status: .serviceUnavailable, headers: [.retryAfter: "60"], response: Status(status: "storage full: the database refuses writes"))
        }
        do {
            let empty = try await store.isCatalogEmpty()
            return EditedResponse(status: empty ? .serviceUnavailable : .ok, response: Status(status: empty ? "empty catalog" : "ready"))
        } catch {
            context.logger.error("readiness check failed")
            return EditedResponse(status: .serviceUnavailable, response: Status(status: "database unavailable"))
        }
    }

    @Sendable func openAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.data))
        )
    }
}
