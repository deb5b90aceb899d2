import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// Open Referral HSDS 3.0 under `/hsds/`: the catalog read-only, without a key, to any origin. Lists are paged as
/// the standard says (`page`, `per_page`) and wrapped with their totals; `/services` also takes `search` (the
/// catalog's own Chinese search), `taxonomy_term_id` (the term or any below it), `taxonomy_id`, `organization_id`
/// and `modified_after`, all combined with AND.
struct HSDSController<Store: CatalogStore> {
    let store: Store
    let cache: HSDSDirectoryCache

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("", use: root)
        routes.get("services", use: services)
        routes.get("services/{id}", use: service)
        routes.get("organizations", use: organizations)
        routes.get("organizations/{id}", use: organization)
        routes.get("service_at_locations", use: serviceAtLocations)
        routes.get("service_at_locations/{id}", use: serviceAtLocation)
        routes.get("taxonomies", use: taxonomies)
        routes.get("taxonomies/{id}", use: taxonomy)
        routes.get("taxonomy_terms", use: taxonomyTerms)
        routes.get("taxonomy_terms/{id}", use: taxonomyTerm)
        return routes
    }

    func directory() async throws -> HSDSDirectory {
        let version = try await store.catalogVersion()
        return try await cache.directory(at: version) { HSDSDirectory(try await store.catalog()) }
    }

    static func answer(_ value: some Encodable) throws -> Response {
        var buffer = ByteBuffer()
        buffer.writeBytes(try StreamingJSONEncoder().encode(value))
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"],
                        body: .init(byteBuffer: buffer))
    }

    static func missing(_ what: String, _ id: String) -> APIError {
        APIError.notFound(zh: "没有这个\(what)：\(id)", en: "no \(what) \(id)")
    }

    /// `page` and `per_page`: the first page of 20 unless asked, at most 100 a page.
    static func page(_ parameters: QueryParameters) throws -> PageRequest { try parameters.page() }

    @Sendable func root(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        return try Self.answer(HSDS.Root(version: HSDS.version, profile: "https://docs.openreferral.org/en/latest/hsds/",
                                         openapi_url: "/openapi.yaml"))
    }

    @Sendable func services(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging.union([
            "search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after",
        ]))
        let page = try Self.page(parameters)
        let search = try parameters.string("search")
        let termID = try parameters.string("taxonomy_term_id", maxLength: 40)
        let taxonomyID = try parameters.string("taxonomy_id", maxLength: 40)
        let organizationID = try parameters.string("organization_id", maxLength: 40)
        let modifiedAfter = try parameters.date("modified_after")
        let directory = try await directory()
        guard search != nil || termID != nil || taxonomyID != nil || organizationID != nil || modifiedAfter != nil else {
            return try Self.answer(HSDS.Page(directory.summaries, page: page.page, perPage: page.perPage))
        }
        var chosen = Array(directory.services.indices)
        if let search {
            let query = ServiceQuery(text: search, includeInactive: true, page: PageRequest(page: 1, perPage: max(1, directory.services.count)))
            if query.terms.count > SearchText.maxTerms {
                throw APIError.invalidParameter("search", zh: "最多 \(SearchText.maxTerms) 个词", en: "at most \(SearchText.maxTerms) terms")
            }
            let ranked = try await store.searchServices(query).items.map(\.service.code)
            chosen = ranked.compactMap { directory.positions[$0] }
        }
        if let termID {
            var wanted: Set<String> = [termID]
            var grew = true
            while grew {
                let before = wanted.count
                for term in directory.terms where term.parent_id.map(wanted.contains) == true { wanted.insert(term.id) }
                grew = wanted.count > before
            }
            chosen = chosen.filter { directory.services[$0].attributes.contains { wanted.contains($0.taxonomy_term_id) } }
        }
        if let taxonomyID {
            chosen = chosen.filter { directory.services[$0].attributes.contains { $0.taxonomy_term.taxonomy_id == taxonomyID } }
        }
        if let organizationID { chosen = chosen.filter { directory.services[$0].organization_id == organizationID } }
        if let modifiedAfter { chosen = chosen.filter { (directory.modified[directory.services[$0].id] ?? .distantPast) > modifiedAfter } }
        let summaries = chosen.map { directory.summaries[$0] }
        return try Self.answer(HSDS.Page(summaries, page: page.page, perPage: page.perPage))
    }

    @Sendable func service(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard let service = try await directory().servicesByID[id] else { throw Self.missing("服务", id) }
        return try Self.answer(service)
    }

    @Sendable func organizations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging)
        let page = try Self.page(parameters)
        return try Self.answer(HSDS.Page(try await directory().organizations, page: page.page, perPage: page.perPage))
    }

    @Sendable func organization(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        let directory = try await directory()
        guard var organization = directory.organizations.first(where: { $0.id == id }) else { throw Self.missing("机构", id) }
        organization.services = directory.serviceAtLocations.compactMap(\.service).filter { $0.organization_id == id }
        return try Self.answer(organization)
    }

    @Sendable func serviceAtLocations(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging)
        let page = try Self.page(parameters)
        return try Self.answer(HSDS.Page(try await directory().serviceAtLocations, page: page.page, perPage: page.perPage))
    }

    @Sendable func serviceAtLocation(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard let found = try await directory().serviceAtLocations.first(where: { $0.id == id }) else { throw Self.missing("服务地点", id) }
        return try Self.answer(found)
    }

    @Sendable func taxonomies(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging)
        let page = try Self.page(parameters)
        return try Self.answer(HSDS.Page([try await directory().taxonomy], page: page.page, perPage: page.perPage))
    }

    @Sendable func taxonomy(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        let taxonomy = try await directory().taxonomy
        guard taxonomy.id == id else { throw Self.missing("分类体系", id) }
        return try Self.answer(taxonomy)
    }

    @Sendable func taxonomyTerms(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging)
        let page = try Self.page(parameters)
        return try Self.answer(HSDS.Page(try await directory().terms, page: page.page, perPage: page.perPage))
    }

    @Sendable func taxonomyTerm(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard let term = try await directory().terms.first(where: { $0.id == id }) else { throw Self.missing("类别", id) }
        return try Self.answer(term)
    }
}
