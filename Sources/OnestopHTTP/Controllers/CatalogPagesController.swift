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
        func value(_ name: String) -> String? {
            parameters[name].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let version = try await store.catalogVersion()
        // The page is made from these parameters alone; a query with any other is rendered without the cache.
        let cacheKey = SearchResponseCache.key(request, known: ["q", "category", "region", "mode", "page", "lang"], prefix: "page")
        if let cacheKey, let html = searchPages.answer(for: cacheKey, at: version) { return PageRenderer.response(html) }
        let (language, data, shared) = try await shell.base(request, store: store) { $0 == .en ? "Search" : "搜索" }
        let (categories, regions) = (data.categories, data.regions)
        let query = value("q")
        if let query, SearchText.terms(query).count > SearchText.maxTerms {
            throw APIError.invalidParameter("q", zh: "检索词不能超过 \(SearchText.maxTerms) 个", en: "at most \(SearchText.maxTerms) terms")
        }
        let category = value("category").flatMap { code in categories.contains { $0.code == code } ? code : nil }
        let region = value("region").flatMap { code in regions.contains { $0.code == code } ? code : nil }
        let mode = value("mode").flatMap(ServiceMode.init(rawValue:))
        let pageNumber = try Paging.number(value("page"))
        var page = shared
        page["query"] = query ?? ""
        // Rendered here rather than in the template: looping over every category in Mustache was half a page's time.
        page["categoryOptions"] = HTMLText.options(data.categoryChoices(language), selected: category)
        page["regionOptions"] = HTMLText.options(data.countyChoices(language), selected: region)
        page["modeOptions"] = HTMLText.options(ServiceMode.allCases.map { ($0.rawValue, language.mode($0)) }, selected: mode?.rawValue)
        let searched = query != nil || category != nil || region != nil || mode != nil
        page["searched"] = searched
        if !searched {
            // Lists are written here rather than looped over in Mustache: its lookups by dynamic cast were most
            // of a search page's time, and their contention under load its slowest answers.
            page["tilesHTML"] = categories.filter { $0.parent == nil }.map { entry -> String in
                "<li><a href=\"\(HTMLText.escape(language.link("/", [("category", entry.code)])))\"><strong>\(HTMLText.escape(language.pick(entry.name, entry.nameEn)))</strong><span>\(HTMLText.escape(entry.description ?? ""))</span></a></li>"
            }.joined()
            return render(page, key: cacheKey, version: version)
        }
        let results = try await store.searchServices(ServiceQuery(
            text: query, category: category, region: region, mode: mode, page: PageRequest(page: pageNumber, perPage: Self.perPage)))
        page["results"] = !results.items.isEmpty
        page["resultsHTML"] = results.items.map { Self.resultHTML($0, language) }.joined()
        page["resultsHeading"] = language == .en ? "\(results.total) services" : "共 \(results.total) 项服务"
        Paging.add(to: &page, number: pageNumber, total: results.total, perPage: Self.perPage, language: language) { number in
            language.link("/", [("q", query), ("category", category), ("region", region), ("mode", mode?.rawValue), ("page", number == 1 ? nil : String(number))])
        }
        return render(page, key: cacheKey, version: version)
    }

    func render(_ page: [String: Any], key: String?, version: Int64) -> Response {
        let html = shell.renderer.html(.search, page)
        if let key { searchPages.store(html, for: key, at: version) }
        return PageRenderer.response(html)
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

    /// One search result: the service, its station and category, fee, turnaround and accreditation.
    static func resultHTML(_ listing: ServiceListing, _ language: PageLanguage) -> String {
        let item = summary(listing, language)
        func text(_ key: String) -> String { HTMLText.escape(item[key] as? String ?? "") }
        let words = language.text
        var html = "<li><h3><a href=\"\(text("url"))\">\(text("name"))</a></h3>"
        html += "<p class=\"station\"><a href=\"\(text("stationURL"))\" lang=\"zh-CN\">\(text("stationName"))</a> · \(text("category"))</p><dl>"
        html += "<dt>\(words["fee"] ?? "")</dt><dd lang=\"zh-CN\">\(text("fee"))</dd>"
        html += "<dt>\(words["turnaround"] ?? "")</dt><dd>\(text("turnaround"))</dd>"
        if !text("accreditations").isEmpty { html += "<dt>\(words["accreditation"] ?? "")</dt><dd>\(text("accreditations"))</dd>" }
        return html + "</dl></li>"
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
        return shell.renderer.page(.service, page)
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
        // Written here rather than looped over in Mustache, as search results are: a platform lists many services.
        page["servicesHTML"] = services.items.map { listing -> String in
            let item = Self.summary(listing, language)
            func text(_ key: String) -> String { HTMLText.escape(item[key] as? String ?? "") }
            return "<li><a href=\"\(text("url"))\">\(text("name"))</a> · \(text("fee")) · \(text("turnaround"))</li>"
        }.joined()
        return shell.renderer.page(.station, page)
    }

    func notFound(_ request: Request) async throws -> Response {
        try await shell.notFound(request, store: store)
    }

    @Sendable func stylesheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                 body: .init(byteBuffer: PageRenderer.stylesheet))
    }
}
