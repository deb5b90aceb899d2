import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// Staff maintenance of the catalog: create, update and retire stations and services (never delete),
/// and the audit trail every change leaves.
struct CatalogAdminController<Store: CatalogStore & AuditStore> {
    let store: Store

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("stations", use: createStation)
        routes.patch("stations/{id}", use: updateStation)
        routes.post("stations/{id}/retire", use: retireStation)
        routes.post("services", use: createService)
        routes.patch("services/{code}", use: updateService)
        routes.post("services/{code}/retire", use: retireService)
        routes.put("calendar/{year}", use: putCalendarYear)
        routes.get("audit", use: audit)
        return routes
    }

    func actor(_ context: AppRequestContext) -> String {
        context.key?.actorName ?? "unknown"
    }

    /// Applies a creation; the store refuses it, in its transaction, when the entry exists already.
    func create(_ changes: CatalogChanges, _ context: AppRequestContext) async throws {
        do {
            try await store.apply(changes, actor: actor(context), dryRun: false)
        } catch let error as StoreError {
            guard let (entity, id) = error.existing else { throw error }
            throw entity == .station
                ? APIError.conflict(zh: "服务站 \(id) 已存在，修改请用 PATCH", en: "station \(id) already exists; use PATCH to change it")
                : APIError.conflict(zh: "服务 \(id) 已存在，修改请用 PATCH", en: "service \(id) already exists; use PATCH to change it")
        }
    }

    // MARK: Calendar

    /// Adds or replaces one year of the working-day calendar. Deadlines already set keep what they promised.
    @Sendable func putCalendarYear(_ request: Request, context: AppRequestContext) async throws -> CalendarView {
        _ = try QueryParameters(request, allowed: [])
        let text = try context.parameters.require("year")
        guard let year = Int(text), String(year) == text else {
            throw APIError.invalidParameter("year", zh: "应为四位年份，如 2027", en: "must be a four-digit year like 2027")
        }
        let body = try await JSONBody.read(CalendarYear.self, request, context: context)
        guard body.year == year else {
            throw APIError.validationFailed([.init(field: "year", message: "与路径中的年份 \(year) 不一致", messageEn: "differs from the year in the path, \(year)")])
        }
        let issues = CatalogValidator().validate(calendarYear: body)
        if !issues.isEmpty { throw APIError.validationFailed(issues) }
        try await store.apply(CatalogChanges(calendar: [body]), actor: actor(context), dryRun: false)
        return CalendarView(year: year, stored: try await store.calendarYears().first { $0.year == year })
    }

    // MARK: Stations

    @Sendable func createStation(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<StationView> {
        _ = try QueryParameters(request, allowed: [])
        let station = try await JSONBody.read(Station.self, request, context: context)
        try await validate(station)
        try await create(CatalogChanges(stations: [station], onlyNew: true), context)
        return try await created(station: station.id)
    }

    @Sendable func updateStation(_ request: Request, context: AppRequestContext) async throws -> StationView {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard let current = try await store.station(id: id) else {
            throw APIError.notFound(zh: "服务站不存在：\(id)", en: "no station \(id)")
        }
        let fields = try await JSONBody.mergePatch(for: Station.self, request, context: context)
        try requireUnchanged("id", in: fields, equals: id)
        let station = try JSONBody.decode(Station.self, from: try merge(current, fields))
        try await validate(station)
        try await store.apply(CatalogChanges(stations: [station]), actor: actor(context), dryRun: false)
        return try await stationView(id)
    }

    @Sendable func retireStation(_ request: Request, context: AppRequestContext) async throws -> StationView {
        _ = try QueryParameters(request, allowed: [])
        let id = try context.parameters.require("id")
        guard try await store.station(id: id) != nil else {
            throw APIError.notFound(zh: "服务站不存在：\(id)", en: "no station \(id)")
        }
        try await store.apply(CatalogChanges(retireStations: [id]), actor: actor(context), dryRun: false)
        return try await stationView(id)
    }

    func validate(_ station: Station) async throws {
        let context = CatalogValidator.Context(
            regionCodes: Set(try await store.regions().map(\.code)), categoryCodes: [], stations: [:])
        let issues = CatalogValidator().validate(station: station, in: context)
        if !issues.isEmpty { throw APIError.validationFailed(issues) }
    }

    func stationView(_ id: String) async throws -> StationView {
        guard let station = try await store.station(id: id) else {
            throw APIError.notFound(zh: "服务站不存在：\(id)", en: "no station \(id)")
        }
        return StationView(station: station, services: nil)
    }

    func created(station id: String) async throws -> EditedResponse<StationView> {
        EditedResponse(status: .created, headers: [.location: "/api/v1/stations/\(id)"], response: try await stationView(id))
    }

    // MARK: Services

    @Sendable func createService(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<ServiceView> {
        _ = try QueryParameters(request, allowed: [])
        let service = try await JSONBody.read(ServiceBody.self, request, context: context).service
        try await validate(service)
        try await create(CatalogChanges(services: [service], onlyNew: true), context)
        return EditedResponse(status: .created, headers: [.location: "/api/v1/services/\(service.code)"], response: try await serviceView(service.code))
    }

    @Sendable func updateService(_ request: Request, context: AppRequestContext) async throws -> ServiceView {
        _ = try QueryParameters(request, allowed: [])
        let code = try context.parameters.require("code")
        guard let current = try await store.service(code: code) else {
            throw APIError.notFound(zh: "服务不存在：\(code)", en: "no service \(code)")
        }
        let fields = try await JSONBody.mergePatch(for: ServiceBody.self, request, context: context)
        try requireUnchanged("code", in: fields, equals: code)
        var service = try JSONBody.decode(Service.self, from: try merge(current.service, fields))
        service.lastModified = nil
        try await validate(service)
        try await store.apply(CatalogChanges(services: [service]), actor: actor(context), dryRun: false)
        return try await serviceView(code)
    }

    @Sendable func retireService(_ request: Request, context: AppRequestContext) async throws -> ServiceView {
        _ = try QueryParameters(request, allowed: [])
        let code = try context.parameters.require("code")
        guard try await store.service(code: code) != nil else {
            throw APIError.notFound(zh: "服务不存在：\(code)", en: "no service \(code)")
        }
        try await store.apply(CatalogChanges(retireServices: [code]), actor: actor(context), dryRun: false)
        return try await serviceView(code)
    }

    func validate(_ service: Service) async throws {
        var stations: [String: Station] = [:]
        if let station = try await store.station(id: service.station) { stations[station.id] = station }
        let context = CatalogValidator.Context(
            regionCodes: [], categoryCodes: Set(try await store.categories().map(\.code)), stations: stations)
        let issues = CatalogValidator().validate(service: service, in: context)
        if !issues.isEmpty { throw APIError.validationFailed(issues) }
    }

    func serviceView(_ code: String) async throws -> ServiceView {
        guard let listing = try await store.service(code: code) else {
            throw APIError.notFound(zh: "服务不存在：\(code)", en: "no service \(code)")
        }
        return ServiceView(listing)
    }

    // MARK: Audit

    @Sendable func audit(_ request: Request, context: AppRequestContext) async throws -> PageView<AuditEntry> {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging.union(["entity", "entity_id"]))
        let query = AuditQuery(
            entity: try parameters.value("entity", AuditEntry.Entity.self),
            entityID: try parameters.string("entity_id", maxLength: 80),
            page: try parameters.page()
        )
        return PageView(try await store.auditEntries(query)) { $0 }
    }

    // MARK: Partial updates

    /// The entity's JSON with the request's fields laid over it.
    func merge<T: Encodable>(_ current: T, _ fields: [String: Any]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var object = (try JSONSerialization.jsonObject(with: try encoder.encode(current)) as? [String: Any]) ?? [:]
        for (key, value) in fields { object[key] = value }
        return try JSONSerialization.data(withJSONObject: object)
    }

    func requireUnchanged(_ field: String, in fields: [String: Any], equals value: String) throws {
        if let given = fields[field], given as? String != value {
            throw APIError.validationFailed([
                .init(field: field, message: "不能修改，应与地址中的 \(value) 一致", messageEn: "cannot be changed; must match \(value) in the path")
            ])
        }
    }
}
