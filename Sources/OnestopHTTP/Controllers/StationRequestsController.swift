import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// A station's side, behind a station key: its own requests only, and the actions it takes on them.
/// Another station's request answers 404, exactly as if it did not exist.
struct StationRequestsController<Store: RequestStore & AuditStore & NoticeStore> {
    let store: Store
    let intake: RequestIntake

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("station/requests", use: list)
        routes.get("station/requests/{id}", use: detail)
        routes.post("station/requests/{id}/accept", use: accept)
        routes.post("station/requests/{id}/decline", use: decline)
        routes.post("station/requests/{id}/progress", use: progress)
        routes.post("station/requests/{id}/complete", use: complete)
        routes.post("station/requests/{id}/caseworker", use: caseworker)
        routes.post("station/requests/{id}/reschedule", use: reschedule)
        routes.post("station/requests/{id}/follow-up", use: followUp)
        routes.post("station/requests/{id}/appeal", use: appeal)
        return routes
    }

    func station(_ context: AppRequestContext) throws -> String {
        guard let station = context.key?.station else { throw APIError.forbidden }
        return station
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> PageView<RequestDetailView> {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging.union(["status"]))
        let station = try station(context)
        let query = RequestQuery(station: station, status: try parameters.value("status", RequestStatus.self), page: try parameters.page())
        return PageView(try await store.serviceRequests(query)) { RequestDetailView($0, timeline: nil, reader: .station(station), contact: .masked) }
    }

    /// The request when it is this station's; otherwise the same 404 as an unknown id.
    func own(_ request: Request, context: AppRequestContext) async throws -> ServiceRequest {
        let id = try context.parameters.require("id")
        guard let stored = try await store.serviceRequest(id: id), stored.request.station == (try station(context)) else {
            throw APIError.notFound(zh: "没有找到该需求：\(id)", en: "no request \(id)")
        }
        return stored.request
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        _ = try QueryParameters(request, allowed: [])
        let found = try await own(request, context: context)
        try await store.recordRead(ofRequest: found.id, actor: context.key?.actorName ?? "station", at: Date())
        let evaluation = found.status.isFinal ? try await store.evaluation(ofRequest: found.id) : nil
        return RequestDetailView(found, timeline: try await store.timeline(ofRequest: found.id), reader: .station(try station(context)),
                                 evaluation: evaluation, notices: try await store.notices(ofRequest: found.id))
    }

    /// Accepts, naming the caseworker (required where the station lists any) and, instead of the service's
    /// turnaround, a promised day with its reason.
    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await promise(.accept, request, context: context)
    }

    @Sendable func caseworker(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await promise(.nameCaseworker, request, context: context)
    }

    @Sendable func reschedule(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await promise(.reschedule, request, context: context)
    }

    func promise(_ action: RequestAction, _ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        _ = try QueryParameters(request, allowed: [])
        let station = try station(context)
        let found = try await own(request, context: context)
        let body = try await JSONBody.readIfPresent(PromiseBody.self, request, context: context) ?? .empty
        let fields = try body.fields(for: action)
        let change = RequestChange(
            requestID: found.id, action: action, actor: .station(station), actorName: "station:\(station)",
            note: fields.note, isInternal: action == .accept && fields.isInternal, at: Date(), acknowledgement: intake.acknowledgement,
            caseworker: fields.caseworker, promise: fields.promise
        )
        return try await RequestNotes.outcome(try await store.transitionRequest(change), store: store, reader: .station(station))
    }

    @Sendable func decline(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await act(.decline, ReasonBody.self, request, context: context, required: true)
    }

    @Sendable func progress(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await act(.progress, NoteBody.self, request, context: context, required: true)
    }

    @Sendable func complete(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await act(.complete, SummaryBody.self, request, context: context, required: true)
    }

    func act<Field: ActionTextField>(_ action: RequestAction, _ bodyType: ActionTextBody<Field>.Type, _ request: Request, context: AppRequestContext,
                                     required: Bool) async throws -> RequestDetailView
    {
        _ = try QueryParameters(request, allowed: [])
        let station = try station(context)
        let found = try await own(request, context: context)
        let body = try await RequestNotes.read(bodyType, request, context: context, required: required)
        let change = RequestChange(
            requestID: found.id, action: action, actor: .station(station), actorName: "station:\(station)",
            note: body.text, isInternal: body.isInternal, at: Date(), acknowledgement: intake.acknowledgement
        )
        return try await RequestNotes.outcome(try await store.transitionRequest(change), store: store, reader: .station(station))
    }

    /// What the station did about a bad review (整改反馈), which the firm is shown.
    @Sendable func followUp(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await step(FollowUpBody.self, request, context: context)
    }

    /// An appeal (申诉) that a review is mistaken or malicious; staff decide it.
    @Sendable func appeal(_ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        try await step(AppealBody.self, request, context: context)
    }

    func step<Body: EvaluationStepBody>(_ bodyType: Body.Type, _ request: Request, context: AppRequestContext) async throws -> RequestDetailView {
        _ = try QueryParameters(request, allowed: [])
        let station = try station(context)
        let found = try await own(request, context: context)
        return try await RequestNotes.step(bodyType, request, context: context, on: found.id, by: .station(station), named: "station:\(station)",
                                           intake: intake, store: store, reader: .station(station))
    }
}
