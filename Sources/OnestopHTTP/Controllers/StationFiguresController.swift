import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// A station's published figures (办事公开), for anyone, as a page and as JSON: the same numbers, from the
/// same pass, kept for a while by `PublishedFiguresCache`.
struct StationFiguresController<Store: CatalogStore & RequestStore> {
    let store: Store
    let shell: PageShell
    let cache: PublishedFiguresCache

    var pages: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("stations/{id}/figures", use: page)
        return routes
    }

    var api: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("stations/{id}/figures", use: json)
        return routes
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let station = try await store.station(id: id), station.status != .retired,
            let figures = try await cache.figures(of: id, store: store)
        else { return try await shell.notFound(request, store: store) }
        let (language, _, frame) = try await shell.base(request, store: store) { $0.say("\(station.name)：服务情况公示", "\(station.nameEn ?? station.name): figures") }
        return shell.renderer.page(StationFiguresPage(frame: frame, figures: figures, stationName: language.pick(station.name, station.nameEn)))
    }

    @Sendable func json(_ request: Request, context: AppRequestContext) async throws -> PublishedFigures {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard let station = try await store.station(id: id), station.status != .retired,
            let figures = try await cache.figures(of: id, store: store)
        else { throw APIError.notFound(zh: "没有找到该服务站：\(id)", en: "no station \(id)") }
        return figures
    }
}

extension PublishedFigures: ResponseEncodable {}
