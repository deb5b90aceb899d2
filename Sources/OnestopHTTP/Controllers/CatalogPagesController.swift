import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The catalog as HTML pages for firms: search with filters and paging, a service, a station.
/// Chinese first (`?lang=en` for English), no JavaScript, nothing loaded from elsewhere.
struct CatalogPagesController<Store: CatalogStore> {
    let store: Store
    let shell: PageShell
    /// Search pages as rendered, reused while the catalog is unchanged: firms search the same few words.
    let searchPages: SearchResponseCache

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("/", use: search)
        routes.get("services/{code}", use: service)
        routes.get("stations/{id}", use: station)
        routes.get("static/onestop.css", use: stylesheet)
        return routes
    }

    static var perPage: Int { 10 }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryString(request)
        func value(_ name: String) -> String? { parameters.filter(name, maxLength: 200) }
        let version = try await store.catalogVersion()
        // The page is made from these parameters alone; a query with any other is rendered without the cache.
        let cacheKey = SearchResponseCache.key(request, known: ["q", "category", "region", "mode", "fee", "page", "lang"], prefix: "page")
        if let cacheKey, let html = searchPages.answer(for: cacheKey, at: version) { return PageRenderer.response(html) }
        let (language, data, frame) = try await shell.base(request, store: store) { $0 == .en ? "Search" : "搜索" }
        let (categories, regions) = (data.categories, data.regions)
        let query = value("q")
        if let query, SearchText.terms(query).count > SearchText.maxTerms {
            throw APIError.invalidParameter("q", zh: "检索词不能超过 \(SearchText.maxTerms) 个", en: "at most \(SearchText.maxTerms) terms")
        }
        let category = value("category").flatMap { code in categories.contains { $0.code == code } ? code : nil }
        let region = value("region").flatMap { code in regions.contains { $0.code == code } ? code : nil }
        let mode = value("mode").flatMap(ServiceMode.init(rawValue:))
        let fee = value("fee").flatMap(Fee.Filter.init(rawValue:))
        let pageNumber = try Paging.number(value("page"))
        var results: SearchPage.Results?
        if query != nil || category != nil || region != nil || mode != nil || fee != nil {
            let found = try await store.searchServices(ServiceQuery(
                text: query, category: category, region: region, mode: mode, fee: fee, page: PageRequest(page: pageNumber, perPage: Self.perPage)))
            results = SearchPage.Results(
                items: found.items.map { ServiceSummary($0, language) },
                heading: language == .en ? "\(found.total) services" : "共 \(found.total) 项服务",
                links: PageLinks(number: pageNumber, total: found.total, perPage: Self.perPage, language: language) { number in
                    language.link("/", [("q", query), ("category", category), ("region", region), ("mode", mode?.rawValue),
                                        ("fee", fee?.rawValue), ("page", number == 1 ? nil : String(number))])
                })
        }
        let html = shell.renderer.html(SearchPage(frame: frame, data: data, query: query, category: category, region: region, mode: mode, fee: fee, results: results))
        if let cacheKey { searchPages.store(html, for: cacheKey, at: version) }
        return PageRenderer.response(html)
    }

    @Sendable func service(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let listing = try await store.service(code: code), listing.service.status != .retired else {
            return try await notFound(request)
        }
        let (_, _, frame) = try await shell.base(request, store: store) { _ in listing.service.name }
        return shell.renderer.page(ServicePage(frame: frame, listing: listing))
    }

    @Sendable func station(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let station = try await store.station(id: id), station.status != .retired else { return try await notFound(request) }
        let (_, _, frame) = try await shell.base(request, store: store) { _ in station.name }
        let services = try await store.searchServices(ServiceQuery(station: station.id, page: PageRequest(page: 1, perPage: PageRequest.maxPerPage)))
        return shell.renderer.page(StationPage(frame: frame, station: station, services: services.items))
    }

    func notFound(_ request: Request) async throws -> Response {
        try await shell.notFound(request, store: store)
    }

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                 body: .init(byteBuffer: PageRenderer.stylesheet))
    }
}
