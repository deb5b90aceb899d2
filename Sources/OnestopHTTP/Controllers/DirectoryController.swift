import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The public directory: search, services, stations, categories and regions.
struct DirectoryController<Store: CatalogStore> {
    let store: Store
    let cache: SearchResponseCache

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("services", use: search)
        routes.get("services/{code}", use: service)
        routes.get("stations", use: stations)
        routes.get("stations/{id}", use: station)
        routes.get("categories", use: categories)
        routes.get("regions", use: regions)
        routes.get("calendar", use: calendar)
        return routes
    }

    static var searchParameters: Set<String> {
        QueryParameters.paging.union(["q", "category", "region", "station", "industry", "mode", "fee"])
    }

    /// Answers from the cache while the catalog is unchanged, keyed on the known parameters; a query with
    /// an unknown or repeated one goes to `searchPage`, which refuses it.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let key = SearchResponseCache.key(request, known: Self.searchParameterOrder, prefix: "api")
        let version = try await store.catalogVersion()
        if let key, let cached = cache.answer(for: key, at: version) {
            return Self.jsonResponse(cached)
        }
        let view = try await searchPage(request)
        var buffer = ByteBuffer()
        buffer.writeBytes(try StreamingJSONEncoder().encode(view))
        if let key { cache.store(buffer, for: key, at: version) }
        return Self.jsonResponse(buffer)
    }

    static var searchParameterOrder: [String] { ["q", "category", "region", "station", "industry", "mode", "fee", "page", "per_page"] }

    static func jsonResponse(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    func searchPage(_ request: Request) async throws -> PageView<ServiceView> {
        let parameters = try QueryParameters(request, allowed: Self.searchParameters)
        let query = ServiceQuery(
            text: try parameters.string("q"),
            category: try parameters.string("category", maxLength: 40),
            region: try parameters.string("region", maxLength: 40),
            station: try parameters.string("station", maxLength: 40),
            industry: try parameters.string("industry", maxLength: 40),
            mode: try parameters.value("mode", ServiceMode.self),
            fee: try parameters.value("fee", Fee.Filter.self),
            page: try parameters.page()
        )
        if query.terms.count > SearchText.maxTerms {
            throw APIError.invalidParameter("q", zh: "检索词不能超过 \(SearchText.maxTerms) 个", en: "at most \(SearchText.maxTerms) terms")
        }
        let page = try await store.searchServices(query)
        if page.total == 0 { try await checkFiltersExist(query) }
        return PageView(page, ServiceView.init)
    }

    /// An empty result because a filter names nothing is a typo the caller should hear about.
    func checkFiltersExist(_ query: ServiceQuery) async throws {
        if let category = query.category, !(try await store.categories()).contains(where: { $0.code == category }) {
            throw APIError.invalidParameter("category", zh: "类别不存在：\(category)，可选类别见 /api/v1/categories",
                en: "unknown category \(category); see /api/v1/categories")
        }
        if let region = query.region, !(try await store.regions()).contains(where: { $0.code == region }) {
            throw APIError.invalidParameter("region", zh: "地区不存在：\(region)，可选地区见 /api/v1/regions",
                en: "unknown region \(region); see /api/v1/regions")
        }
        if let station = query.station, try await store.station(id: station) == nil {
            throw APIError.invalidParameter("station", zh: "服务站不存在：\(station)，服务站列表见 /api/v1/stations",
                en: "unknown station \(station); see /api/v1/stations")
        }
    }

    @Sendable func service(_ request: Request, context: AppRequestContext) async throws -> ServiceView {
        _ = try QueryParameters(request, allowed: [])
        let code = try context.parameters.require("code")
        guard let listing = try await store.service(code: code) else {
            throw APIError.notFound(zh: "服务不存在：\(code)", en: "no service \(code)")
        }
        return ServiceView(listing)
    }

    @Sendable func stations(_ request: Request, context: AppRequestContext) async throws -> ListView<Station> {
        let parameters = try QueryParameters(request, allowed: ["region", "kind"])
        let region = try parameters.string("region", maxLength: 40)
        let kind = try parameters.value("kind", Station.Kind.self)
        var stations = try await store.stations(includeRetired: false)
        if let region {
            let regions = try await store.regions()
            guard regions.contains(where: { $0.code == region }) else {
                throw APIError.invalidParameter("region", zh: "地区不存在：\(region)", en: "unknown region \(region)")
            }
            let included = Catalog(regions: regions).regionAndDescendants(region)
            stations = stations.filter { included.contains($0.region) }
        }
        if let kind { stations = stations.filter { $0.kind == kind } }
        return ListView(stations.map(\.withoutCaseworkers))
    }

    @Sendable func station(_ request: Request, context: AppRequestContext) async throws -> StationView {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard let station = try await store.station(id: id) else {
            throw APIError.notFound(zh: "服务站不存在：\(id)", en: "no station \(id)")
        }
        let services = try await store.searchServices(ServiceQuery(station: id, page: PageRequest(page: 1, perPage: 10_000)))
        return StationView(station: station.withoutCaseworkers, services: services.items.map(ServiceView.init))
    }

    @Sendable func categories(_ request: Request, context: AppRequestContext) async throws -> ListView<CategoryNode> {
        _ = try QueryParameters(request, allowed: [])
        return ListView(CategoryNode.tree(try await store.categories()))
    }

    /// One year of the working-day calendar; this year in China when none is asked for.
    @Sendable func calendar(_ request: Request, context: AppRequestContext) async throws -> CalendarView {
        let query = try QueryParameters(request, allowed: ["year"])
        let year = try query.int("year", range: 2000...2100) ?? WorkingCalendar.china.civilDay(of: Date()).year
        return CalendarView(year: year, stored: try await store.calendarYears().first { $0.year == year })
    }

    @Sendable func regions(_ request: Request, context: AppRequestContext) async throws -> ListView<Region> {
        _ = try QueryParameters(request, allowed: [])
        return ListView(try await store.regions())
    }
}

extension Station: ResponseEncodable {}
extension Region: ResponseEncodable {}
extension CategoryNode: ResponseEncodable {}
