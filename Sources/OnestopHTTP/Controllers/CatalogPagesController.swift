import Foundation
import Hummingbird
import OnestopDomain
import OnestopStorage

/// The catalog as HTML pages for firms: search with filters and paging, a service, a station.
/// Chinese first (`?lang=en` for English), no JavaScript, nothing loaded from elsewhere.
struct CatalogPagesController<Store: CatalogStore> {
    let store: Store
    let shell: PageShell

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
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters[Substring(name)].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let (language, data, shared) = try await shell.base(request, store: store) { $0 == .en ? "Search" : "搜索" }
        let (categories, regions) = (data.categories, data.regions)
        let query = value("q")
        let category = value("category").flatMap { code in categories.contains { $0.code == code } ? code : nil }
        let region = value("region").flatMap { code in regions.contains { $0.code == code } ? code : nil }
        let mode = value("mode").flatMap(ServiceMode.init(rawValue:))
        let pageNumber = value("page").flatMap(Int.init).map { min(max($0, 1), 10_000) } ?? 1
        var page = shared
        page["query"] = query ?? ""
        // Rendered here rather than in the template: looping over every category in Mustache was half a page's time.
        page["categoryOptions"] = HTMLText.options(
            categories.map { ($0.code, ($0.parent == nil ? "" : "— ") + language.pick($0.name, $0.nameEn)) }, selected: category)
        page["regionOptions"] = HTMLText.options(
            regions.filter { $0.parent != nil }.map { ($0.code, language.pick($0.name, $0.nameEn)) }, selected: region)
        page["modeOptions"] = HTMLText.options(ServiceMode.allCases.map { ($0.rawValue, language.mode($0)) }, selected: mode?.rawValue)
        let searched = query != nil || category != nil || region != nil || mode != nil
        page["searched"] = searched
        if !searched {
            page["tiles"] = categories.filter { $0.parent == nil }.map { entry -> [String: Any] in
                ["url": language.link("/", [("category", entry.code)]), "name": language.pick(entry.name, entry.nameEn),
                 "description": entry.description ?? ""]
            }
            return shell.renderer.page("search", page)
        }
        let results = try await store.searchServices(ServiceQuery(
            text: query, category: category, region: region, mode: mode, page: PageRequest(page: pageNumber, perPage: Self.perPage)))
        page["results"] = results.items.map { listing in Self.summary(listing, language) }
        page["resultsHeading"] = language == .en ? "\(results.total) services" : "共 \(results.total) 项服务"
        let pages = max(1, (results.total + Self.perPage - 1) / Self.perPage)
        page["pageLabel"] = language == .en ? "Page \(pageNumber) of \(pages)" : "第 \(pageNumber) / \(pages) 页"
        func pageLink(_ number: Int) -> String {
            language.link("/", [("q", query), ("category", category), ("region", region), ("mode", mode?.rawValue), ("page", number == 1 ? nil : String(number))])
        }
        if pageNumber > 1 { page["previousURL"] = pageLink(min(pageNumber - 1, pages)) }
        if pageNumber < pages { page["nextURL"] = pageLink(pageNumber + 1) }
        return shell.renderer.page("search", page)
    }

    static func summary(_ listing: ServiceListing, _ language: PageLanguage) -> [String: Any] {
        let service = listing.service
        return [
            "url": language.link("/services/\(service.code)"), "name": language.pick(service.name, service.nameEn),
            "stationURL": language.link("/stations/\(listing.station.id)"), "stationName": listing.station.name,
            "category": language.pick(listing.category.name, listing.category.nameEn), "fee": service.fee.description,
            "turnaround": language.turnaround(service.turnaroundDays),
            "accreditations": service.accreditations.map { "\($0.mark) \($0.number)" }.joined(separator: "，"),
        ]
    }

    @Sendable func service(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let listing = try await store.service(code: code), listing.service.status != .retired else {
            return try await notFound(request)
        }
        let service = listing.service
        let (language, _, shared) = try await shell.base(request, store: store) { _ in service.name }
        var page = shared.merging(Self.summary(listing, language)) { $1 }
        page["nameOther"] = language == .en ? (service.nameEn == nil ? nil : service.name) : service.nameEn
        page["description"] = service.description
        page["modes"] = service.modes.map(language.mode).joined(separator: language == .en ? ", " : "、")
        page["eligibility"] = service.eligibility
        page["documents"] = service.documents.joined(separator: language == .en ? "; " : "；")
        page["phone"] = listing.station.phone
        page["code"] = service.code
        page["inactive"] = service.status != .active
        page["requestURL"] = service.status == .active ? language.link("/requests/new", [("service", service.code)]) : nil
        page["requestLabel"] = language.say("申请此服务", "Request this service")
        return shell.renderer.page("service", page)
    }

    @Sendable func station(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let station = try await store.station(id: id), station.status != .retired else { return try await notFound(request) }
        let (language, _, shared) = try await shell.base(request, store: store) { _ in station.name }
        var page = shared
        page["name"] = language.pick(station.name, station.nameEn)
        page["description"] = station.description
        page["address"] = station.address
        page["phone"] = station.phone
        page["email"] = station.email
        page["hours"] = language.hours(station.hours)
        page["modes"] = station.modes.map(language.mode).joined(separator: language == .en ? ", " : "、")
        let services = try await store.searchServices(ServiceQuery(station: station.id, page: PageRequest(page: 1, perPage: PageRequest.maxPerPage)))
        page["services"] = services.items.map { Self.summary($0, language) }
        return shell.renderer.page("station", page)
    }

    func notFound(_ request: Request) async throws -> Response {
        try await shell.notFound(request, store: store)
    }

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                 body: .init(byteBuffer: PageRenderer.stylesheet))
    }
}
