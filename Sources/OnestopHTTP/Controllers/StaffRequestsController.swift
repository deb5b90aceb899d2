import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// Platform staff's side, behind a staff key: every request, its routing record, reassignment, closing a
/// request no one can serve, the callback to a firm that gave a bad review, and the review of a station's appeal.
struct StaffRequestsController<Store: CatalogStore & RequestStore> {
    let store: Store
    let intake: RequestIntake

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("requests", use: list)
        routes.get("requests/{id}/routing", use: routing)
        routes.post("requests/{id}/reassign", use: reassign)
        routes.post("requests/{id}/close", use: close)
        routes.post("requests/{id}/callback", use: callback)
        routes.post("requests/{id}/appeal-review", use: reviewAppeal)
        routes.get("stats", use: stats)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<RequestDetailView> {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging.union(["status", "station", "region", "category", "caseworker", "overdue", "from", "to"]))
        let overdue = try parameters.value("overdue", Flag.self) == .true
        let query = RequestQuery(
            station: try parameters.string("station", maxLength: 40),
            status: try parameters.value("status", RequestStatus.self),
            region: try parameters.string("region", maxLength: 40),
            category: try parameters.string("category", maxLength: 40),
            caseworker: try parameters.string("caseworker", maxLength: 40),
            overdueOn: overdue ? WorkingCalendar.china.civilDay(of: Date()) : nil,
            from: try parameters.date("from"),
            to: try parameters.date("to"),
            page: try parameters.page()
        )
        return PageView(try await store.serviceRequests(query)) { RequestDetailView($0, timeline: nil, reader: .staff, contact: .masked) }
    }

    @Sendable func stats(_ request: Request, context: AppRequestContext) async throws -> RequestStatistics {
        let parameters = try QueryParameters(request, allowed: ["from", "to", "station", "caseworker"])
        let from = try parameters.date("from")
        let to = try parameters.date("to")
        if let from, let to, from >= to {
            throw APIError.invalidParameter("to", zh: "应晚于 from", en: "must be after from")
        }
        let station = try parameters.required("station", maxLength: 40)
        if let station, try await store.station(id: station) == nil {
            throw APIError.invalidParameter("station", zh: "服务站不存在：\(station)", en: "no station \(station)")
        }
        let query = StatisticsQuery(from: from, to: to, station: station, caseworker: try parameters.required("caseworker", maxLength: 40))
        return try await store.requestStatistics(query, now: Date())
    }

    func existing(_ context: AppRequestContext) async throws -> ServiceRequest {
        let id = try context.parameters.require("id")
        guard let stored = try await store.serviceRequest(id: id) else {
            throw APIError.notFound(zh: "没有找到该需求：\(id)", en: "no request \(id)")
        }
        return stored.request
    }

    @Sendable func routing(_ request: Request, context: AppRequestContext) async throws -> RoutingHistoryView {
        _ = try QueryParameters(request, allowed: [])
        let found = try await existing(context)
        return RoutingHistoryView(id: found.id, decisions: try await store.routingRecords(ofRequest: found.id).map(RoutingRecordView.init))
    }

    @Sendable func reassign(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        _ = try QueryParameters(request, allowed: [])
        let found = try await existing(context)
        let body = try await JSONBody.read(ReassignBody.self, request, context: context)
        var errors: [APIError.FieldError] = []
        let station = try APIError.text(body.station.value, field: "station", rule: .line(40)) ?? ""
        if station.isEmpty {
            errors.append(.init(field: "station", message: "必填", messageEn: "is required"))
        } else if try await RequestNotes.isUnavailable(station, in: store) {
            errors.append(RequestNotes.unavailable(station))
        }
        var reason = ""
        switch RequestNotes.rule.check(body.reason.value ?? "") {
        case .success(let text) where text.isEmpty: errors.append(.init(field: "reason", message: "必填", messageEn: "is required"))
        case .success(let text): reason = text
        case .failure(let problem): errors.append(.init(field: "reason", problem))
        }
        if !body.isInternal.isAbsent, body.isInternal.value == nil {
            errors.append(.init(field: "internal", message: "应为 true 或 false", messageEn: "must be true or false"))
        }
        if !errors.isEmpty { throw APIError.validationFailed(errors) }
        let change = RequestChange(
            requestID: found.id, action: .reassign, actor: .staff, actorName: context.key?.actorName ?? "staff", note: reason,
            isInternal: body.isInternal.value ?? false, at: Date(), toStation: station, acknowledgement: intake.acknowledgement
        )
        return try await RequestNotes.outcome(try await store.transitionRequest(change), store: store, reader: .staff)
    }

    @Sendable func close(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        _ = try QueryParameters(request, allowed: [])
        let found = try await existing(context)
        let body = try await RequestNotes.read(ReasonBody.self, request, context: context, required: true)
        let change = RequestChange(
            requestID: found.id, action: .closeUnserviceable, actor: .staff, actorName: context.key?.actorName ?? "staff",
            note: body.text, isInternal: false, at: Date(), acknowledgement: intake.acknowledgement
        )
        return try await RequestNotes.outcome(try await store.transitionRequest(change), store: store, reader: .staff)
    }

    /// The callback to the firm about its bad review (回访): reached or not, and what it said.
    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await step(CallbackBody.self, request, context: context)
    }

    /// The review of a station's appeal (复核): the review upheld, or set aside and left out of the figures.
    @Sendable func reviewAppeal(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await step(AppealDecisionBody.self, request, context: context)
    }

    func step<Body: EvaluationStepBody>(_ bodyType: Body.Type, _ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        _ = try QueryParameters(request, allowed: [])
        let found = try await existing(context)
        return try await RequestNotes.step(bodyType, request, context: context, on: found.id, by: .staff, named: context.key?.actorName ?? "staff",
                                           intake: intake, store: store, reader: .staff)
    }
}

extension RequestStatistics: ResponseEncodable {}

/// `true` or `false` in a query.
enum Flag: String, CaseIterable {
    case `true`, `false`
}
