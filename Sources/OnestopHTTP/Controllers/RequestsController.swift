import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import OnestopDomain
import OnestopStore

/// The firm's side: submit a request, follow it with the tracking token, cancel it, evaluate it once it is closed.
struct RequestsController<Store: CatalogStore & RequestStore & KeyStore & AuditStore & NoticeStore> {
    let store: Store
    let intake: RequestIntake

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("requests", use: submit)
        routes.get("requests/{id}", use: track)
        routes.post("requests/{id}/cancel", use: cancel)
        routes.post("requests/{id}/evaluation", use: evaluate)
        routes.post("requests/{id}/notices/stop", use: stopNotices)
        return routes
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<SubmissionView> {
        if let wait = intake.limiter.take(for: context.rateLimitKey) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        _ = try QueryParameters(request, allowed: [])
        let idempotencyKey = try Self.idempotencyKey(request)
        let (submission, bytes) = try await JSONBody.readWithBytes(RequestSubmission.self, request, context: context)
        let checked: RequestSubmission.Checked
        let serviceCode = submission.serviceCode?.trimmingCharacters(in: .whitespaces)
        switch intake.check(submission, in: try await store.submissionContext(serviceCode: serviceCode)) {
        case .success(let value): checked = value
        case .failure(let failure): throw APIError.validationFailed(failure.issues)
        }
        let new = intake.newRequest(
            checked, idempotency: idempotencyKey.map { .init(key: $0, firm: checked.enterprise.uscc, bodyDigest: Hex.string(SHA256.hash(data: bytes))) })
        switch try await store.submitRequest(new) {
        case .keyReused:
            throw APIError.conflict(zh: "此 Idempotency-Key 已用于另一份不同的提交", en: "this Idempotency-Key was already used for a different submission")
        case .created(let stored, let decision):
            return try await created(stored, fallback: decision?.fallback ?? true)
        case .replayed(let stored):
            // Answer as the first time: the request as it was created.
            var first = stored
            let routing = try await store.routingRecords(ofRequest: stored.request.id).first?.decision
            first.request.status = routing == nil ? .submitted : .assigned
            first.request.station = routing?.station
            first.request.service = routing?.service
            let firstStation = try await routing.asyncMap { try await store.station(id: $0.station) } ?? nil
            let calendar = try await store.workingCalendar()
            first.request.acknowledgeBy = routing.map { _ in
                Milliseconds.truncated(intake.acknowledgement.deadline(from: stored.request.createdAt, station: firstStation, calendar: calendar).value)
            }
            return try await created(first, fallback: routing?.fallback ?? true)
        }
    }

    func created(_ stored: StoredServiceRequest, fallback: Bool) async throws -> EditedResponse<SubmissionView> {
        let request = stored.request
        let token = intake.tokens.token(requestID: request.id, nonce: stored.tokenNonce)
        let station = try await request.station.asyncMap { try await store.station(id: $0) }
        let notice = fallback
            ? "已收到。暂无服务站提供此服务，市级平台将协调办理。请保存查询链接，它只显示这一次。(Received. No station offers this yet; the platform will arrange it. Keep the tracking link: it is shown only once.)"
            : "已收到并分派给服务站，请保存查询链接，它只显示这一次。(Received and sent to the station. Keep the tracking link: it is shown only once.)"
        let view = SubmissionView(
            id: request.id, trackingToken: token, trackingURL: "/api/v1/requests/\(request.id)?token=\(token)",
            status: request.status, statusName: request.status.nameZh, station: station.flatMap { $0 }.map(StationContactView.init),
            service: request.service, acknowledgeBy: request.acknowledgeBy, createdAt: request.createdAt, notice: notice
        )
        return EditedResponse(status: .created, headers: [.location: "/api/v1/requests/\(request.id)"], response: view)
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[.idempotencyKey] else { return nil }
        guard (1...255).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw APIError.invalidParameter("Idempotency-Key", zh: "应为 1 至 255 个可见 ASCII 字符", en: "must be 1 to 255 visible ASCII characters")
        }
        return key
    }

    /// The request, when the tracking token is right; otherwise 404, exactly as for an unknown id.
    func authorized(_ request: Request, context: AppRequestContext, allowed: Set<String>) async throws -> StoredServiceRequest {
        let parameters = try QueryParameters(request, allowed: allowed)
        let id = try context.parameters.require("id")
        let token = try request.headers[.trackingToken] ?? parameters.string("token", maxLength: 100)
        guard let token, let stored = try await store.serviceRequest(id: id),
            intake.tokens.verify(token, requestID: id, nonce: stored.tokenNonce)
        else {
            throw APIError.notFound(zh: "没有找到该需求，请核对编号和查询链接", en: "no such request; check the id and the tracking link")
        }
        return stored
    }

    /// With the tracking token: the firm's view. With a staff key, or the key of the station it is
    /// assigned to: the full record.
    @Sendable func track(_ request: Request, context: AppRequestContext) async throws -> Response {
        if request.headers[.authorization] != nil {
            _ = try QueryParameters(request, allowed: ["token"])
            let key = try await RequireKey<Store>.authenticate(request, store: store)
            let id = try context.parameters.require("id")
            guard let stored = try await store.serviceRequest(id: id), key.role == .staff || key.station == stored.request.station else {
                throw APIError.notFound(zh: "没有找到该需求：\(id)", en: "no request \(id)")
            }
            try await store.recordRead(ofRequest: id, actor: key.actorName, at: Date())
            let evaluation = stored.request.status.isFinal ? try await store.evaluation(ofRequest: id) : nil
            let detail = RequestDetailView(stored.request, timeline: try await store.timeline(ofRequest: id), reader: key.timelineReader,
                                           evaluation: evaluation, notices: try await store.notices(ofRequest: id))
            return try detail.response(from: request, context: context)
        }
        let stored = try await authorized(request, context: context, allowed: ["token"])
        return try await view(stored.request).response(from: request, context: context)
    }

    func view(_ request: ServiceRequest) async throws -> FirmRequestView {
        let station = try await request.station.asyncMap { try await store.station(id: $0) } ?? nil
        let evaluation = request.status.isFinal ? try await store.evaluation(ofRequest: request.id) : nil
        return FirmRequestView(request, station: station, timeline: try await store.timeline(ofRequest: request.id), evaluation: evaluation,
                               policy: intake.evaluation)
    }

    /// The firm's one evaluation (一事一评), final once sent: 201 with the request as the firm now sees it.
    @Sendable func evaluate(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<FirmRequestView> {
        let stored = try await authorized(request, context: context, allowed: ["token"])
        let step = try await JSONBody.read(EvaluationBody.self, request, context: context).step()
        let change = RequestChange(requestID: stored.request.id, step: step, actor: .firm, actorName: "firm", at: Date(),
                                   policy: intake.evaluation, acknowledgement: intake.acknowledgement)
        switch try await store.transitionRequest(change) {
        case .changed(let changed):
            return EditedResponse(status: .created, response: try await view(changed.request))
        case .notFound:
            throw APIError.notFound(zh: "没有找到该需求", en: "no such request")
        case .refused(.evaluationRefused(let problem), _):
            throw RequestNotes.evaluationConflict(problem)
        case .refused(_, let current):
            throw APIError.conflict(zh: "需求当前状态为“\(current.nameZh)”，办结后才能评价",
                                    en: "the request is \(current.rawValue); it can be evaluated once it is completed or closed")
        }
    }

    /// The firm stops every notice of its request: what is still waiting is not sent. Saying it twice changes nothing.
    @Sendable func stopNotices(_ request: Request, context: AppRequestContext) async throws -> FirmRequestView {
        let stored = try await authorized(request, context: context, allowed: ["token"])
        _ = try await JSONBody.readIfPresent(EmptyBody.self, request, context: context)
        guard let changed = try await store.stopNotices(requestID: stored.request.id, at: Date()) else {
            throw APIError.notFound(zh: "没有找到该需求", en: "no such request")
        }
        return try await view(changed.request)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> FirmRequestView {
        let stored = try await authorized(request, context: context, allowed: ["token"])
        var reason: String?
        if let body = try await JSONBody.readIfPresent(CancelBody.self, request, context: context) {
            reason = try APIError.text(try body.reason.decoded(field: "reason") ?? nil, field: "reason", rule: .multiline(1000))
        }
        let change = RequestChange(
            requestID: stored.request.id, action: .cancel, actor: .firm, actorName: "firm",
            note: reason, at: Date(), acknowledgement: intake.acknowledgement
        )
        switch try await store.transitionRequest(change) {
        case .changed(let changed): return try await view(changed.request)
        case .notFound: throw APIError.notFound(zh: "没有找到该需求", en: "no such request")
        case .refused(_, let current):
            throw APIError.conflict(zh: "需求当前状态为“\(current.nameZh)”，不能撤回", en: "the request is \(current.rawValue) and can no longer be cancelled")
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
