import Crypto
import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The firm's pages: the request form, checked on the server with every error next to its field, and the
/// private tracking page with its cancel button and, once the request is closed, its evaluation form. A tracking page without the right token is the same
/// 404 as an unknown id.
struct RequestPagesController<Store: CatalogStore & RequestStore & NoticeStore> {
    let store: Store
    let intake: RequestIntake
    let shell: PageShell

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("requests/new", use: form)
        routes.post("requests/new", use: submit)
        routes.get("track/{id}", use: track)
        routes.post("track/{id}/cancel", use: cancel)
        routes.post("track/{id}/evaluation", use: evaluate)
        routes.post("track/{id}/notices/stop", use: stopNotices)
        routes.get("t/{code}", use: shortLink)
        return routes
    }

    // MARK: The form

    /// What the firm typed, by field name (the API's names: `enterprise.uscc`, `description`, …).
    typealias Input = [String: String]

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        let parameters = QueryString(request)
        var input: Input = [:]
        var service: ServiceListing?
        if let code = parameters["service"] {
            guard let listing = try await store.service(code: code), listing.service.status == .active else {
                return try await shell.notFound(request, store: store)
            }
            service = listing
            input["service_code"] = listing.service.code
            if listing.service.modes.count == 1 { input["mode"] = listing.service.modes[0].rawValue }
        } else if let category = parameters["category"] {
            input["category_code"] = category
        }
        input["form_id"] = TrackingTokens.randomNonce()
        return try await render(request, input: input, service: service, issues: [], notice: nil, status: .ok)
    }

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let wait = intake.limiter.take(for: context.rateLimitKey) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        let form = try await FormBody.read(request, context: context)
        let language = PageLanguage(form["lang"])
        let names = Self.fieldNames
        var input = names.reduce(into: Input()) { input, name in
            if let value = form[name] { input[name] = String(String.UnicodeScalarView(value.unicodeScalars.prefix(RequestSubmission.maxDescriptionLength + 100))) }
        }
        let submission = RequestSubmission(
            enterprise: .init(name: input["enterprise.name"], uscc: input["enterprise.uscc"], region: input["enterprise.region"],
                              industry: input["enterprise.industry"], contactName: input["enterprise.contact_name"],
                              phone: input["enterprise.phone"], email: input["enterprise.email"]),
            serviceCode: input["service_code"], categoryCode: input["category_code"], description: input["description"], mode: input["mode"],
            notices: .init(sms: input["notices.sms"] == "1", email: input["notices.email"] == "1")
        )
        let checked: RequestSubmission.Checked
        switch intake.check(submission, in: try await store.submissionContext(serviceCode: input["service_code"]?.trimmingCharacters(in: .whitespaces))) {
        case .success(let value): checked = value
        case .failure(let failure):
            return try await render(request, input: input, issues: failure.issues, notice: nil, status: .unprocessableContent)
        }
        // The form's own id makes a double click or a reload one request, not two.
        let formID = input["form_id"].flatMap { $0.count == 32 && $0.allSatisfy(\.isHexDigit) ? $0 : nil }
        let digest = SHA256.hash(data: Data(names.map { "\($0)=\(input[$0] ?? "")" }.joined(separator: "\n").utf8))
        let new = intake.newRequest(checked, idempotency: formID.map { .init(key: "form:\($0)", firm: checked.enterprise.uscc, bodyDigest: Hex.string(digest)) })
        let stored: StoredServiceRequest
        switch try await store.submitRequest(new) {
        case .created(let value, _), .replayed(let value): stored = value
        case .keyReused:
            input["form_id"] = TrackingTokens.randomNonce()
            return try await render(request, input: input, issues: [], notice: language.say(
                "这份表单刚才已经提交过一次，修改后的内容没有提交。如需另提一份新需求，请再点一次“提交”。",
                "This form was already sent once; the changes were not. To send them as a new request, press Send again."),
                status: .conflict)
        }
        let token = intake.tokens.token(requestID: stored.request.id, nonce: stored.tokenNonce)
        let location = language.link("/track/\(stored.request.id)", [("token", token), ("new", "1")])
        return Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static var fieldNames: [String] { [
        "enterprise.name", "enterprise.uscc", "enterprise.region", "enterprise.industry", "enterprise.contact_name",
        "enterprise.phone", "enterprise.email", "service_code", "category_code", "mode", "description", "notices.sms", "notices.email", "form_id",
    ] }

    /// The form with what was typed and each problem beside its field, and a summary of them at the top.
    func render(_ request: Request, input: Input, service known: ServiceListing? = nil, issues: [ValidationIssue], notice: String?,
                status: HTTPResponse.Status) async throws -> Response {
        let (_, data, frame) = try await shell.base(request, store: store) { $0.say("提交服务需求", "Request a service") }
        var service = known
        if service == nil, let code = input["service_code"] { service = try await store.service(code: code) }
        let page = RequestFormPage(frame: frame, data: data, input: input, service: service, issues: issues, notice: notice,
                                   formID: input["form_id"] ?? TrackingTokens.randomNonce(), noticeChannels: intake.noticeChannels)
        return shell.renderer.page(page, status: status)
    }

    // MARK: Tracking

    /// The request and its history, when the token is its token.
    func authorized(_ id: String, token: String?) async throws -> RequestHistory? {
        guard let token, token.count < 100, let history = try await store.requestHistory(id: id),
            intake.tokens.verify(token, requestID: id, nonce: history.stored.tokenNonce)
        else { return nil }
        return history
    }

    @Sendable func track(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let token = QueryString(request)["token"]
        guard let history = try await authorized(id, token: token), let token else {
            return Self.private(try await shell.notFound(request, store: store))
        }
        return try await renderTracking(request, context: context, history, token: token, notice: nil, status: .ok)
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.read(request, context: context)
        guard try await authorized(id, token: form["token"]) != nil, let token = form["token"] else {
            return Self.private(try await shell.notFound(request, store: store))
        }
        let language = PageLanguage(form["lang"])
        let reason = form.text("reason").map { String($0.prefix(1000)) }
        let change = RequestChange(requestID: id, action: .cancel, actor: .firm, actorName: "firm", note: reason, at: Date(),
                                   acknowledgement: intake.acknowledgement)
        switch try await store.transitionRequest(change) {
        case .changed:
            return Response(status: .seeOther, headers: [.location: language.link("/track/\(id)", [("token", token)]), .cacheControl: "no-store"])
        case .notFound:
            return Self.private(try await shell.notFound(request, store: store))
        case .refused(_, let current):
            guard var refreshed = try await store.requestHistory(id: id) else { return Self.private(try await shell.notFound(request, store: store)) }
            refreshed.stored.request.status = current
            return try await renderTracking(request, context: context, refreshed, token: token, notice: language.say(
                "需求当前状态为“\(current.nameZh)”，不能撤回。", "The request is \(language.status(current).lowercased()) and can no longer be cancelled."),
                status: .conflict)
        }
    }

    /// The firm's evaluation from the form: back to the page with it shown, or the form again with what was wrong.
    @Sendable func evaluate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.read(request, context: context)
        guard let history = try await authorized(id, token: form["token"]), let token = form["token"] else {
            return Self.private(try await shell.notFound(request, store: store))
        }
        let language = PageLanguage(form["lang"])
        var input = TrackingPage.EvaluationInput()
        for indicator in EvaluationIndicator.allCases {
            if let value = form[indicator.rawValue], !value.isEmpty { input.levels[indicator.rawValue] = String(value.prefix(40)) }
        }
        input.comment = String((form["comment"] ?? "").prefix(EvaluationBody.commentLimit + 100))
        let body = EvaluationBody(
            overall: input.levels["overall"].map(Sent.value) ?? .absent, efficiency: input.levels["efficiency"].map(Sent.value) ?? .absent,
            proficiency: input.levels["proficiency"].map(Sent.value) ?? .absent, attitude: input.levels["attitude"].map(Sent.value) ?? .absent,
            comment: .value(input.comment))
        let step: EvaluationStep
        do {
            step = try body.step()
        } catch let error as APIError {
            input.errors = (error.fieldErrors ?? []).map { problem in
                let name = EvaluationIndicator(rawValue: problem.field).map(language.indicator) ?? language.say("评价内容", "Comment")
                return problem.field == "overall"
                    ? language.say("请选择整体满意度。", "Choose a level for the service overall.")
                    : "\(name)：\(language.say(problem.message, problem.messageEn))"
            }
            return try await renderTracking(request, context: context, history, token: token, notice: nil, status: .unprocessableContent,
                                            evaluationInput: input)
        }
        let change = RequestChange(requestID: id, step: step, actor: .firm, actorName: "firm", at: Date(), policy: intake.evaluation,
                                   acknowledgement: intake.acknowledgement)
        switch try await store.transitionRequest(change) {
        case .changed:
            return Response(status: .seeOther, headers: [.location: language.link("/track/\(id)", [("token", token)]) + "#evaluation-title",
                                                          .cacheControl: "no-store"])
        case .notFound:
            return Self.private(try await shell.notFound(request, store: store))
        case .refused(let refusal, _):
            let refreshed = try await store.requestHistory(id: id) ?? history
            let notice = switch refusal {
            case .evaluationRefused(.alreadyEvaluated): language.say("此需求已评价过，评价提交后不能修改。", "This request has been evaluated already; an evaluation is final.")
            case .evaluationRefused(.windowClosed): language.say("评价期已结束。", "The time to evaluate this request has passed.")
            default: language.say("需求办结后才能评价。", "The request can be evaluated once it is completed or closed.")
            }
            return try await renderTracking(request, context: context, refreshed, token: token, notice: notice, status: .conflict)
        }
    }

    /// A short link from an SMS: on to the tracking page it stands for, or the same 404 as a wrong token.
    @Sendable func shortLink(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard ShortLinks.isWellFormed(code), let stored = try await store.request(shortLink: ShortLinks.key(of: code)) else {
            return Self.private(try await shell.notFound(request, store: store))
        }
        let token = intake.tokens.token(requestID: stored.request.id, nonce: stored.tokenNonce)
        return Self.private(Response(status: .seeOther, headers: [.location: PageLanguage.zh.link("/track/\(stored.request.id)", [("token", token)])]))
    }

    /// The firm's button that stops every notice of the request.
    @Sendable func stopNotices(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await FormBody.read(request, context: context)
        guard try await authorized(id, token: form["token"]) != nil, let token = form["token"] else {
            return Self.private(try await shell.notFound(request, store: store))
        }
        _ = try await store.stopNotices(requestID: id, at: Date())
        let language = PageLanguage(form["lang"])
        return Response(status: .seeOther, headers: [.location: language.link("/track/\(id)", [("token", token)]) + "#notices-title",
                                                      .cacheControl: "no-store"])
    }

    func renderTracking(_ request: Request, context: AppRequestContext, _ history: RequestHistory, token: String, notice: String?, status: HTTPResponse.Status,
                        evaluationInput: TrackingPage.EvaluationInput = TrackingPage.EvaluationInput()) async throws -> Response {
        let id = history.stored.request.id
        let (_, data, frame) = try await shell.base(request, store: store) { $0.say("需求 \(id)", "Request \(id)") }
        var trackingURL: String?
        if QueryString(request)["new"] == "1" {
            let scheme = context.overHTTPS ? "https" : "http"
            let host = request.head.authority ?? "127.0.0.1"
            trackingURL = "\(scheme)://\(host)" + PageLanguage.zh.link("/track/\(id)", [("token", token)])
        }
        let evaluateBy = intake.evaluation.openUntil(history.stored.request, evaluated: history.evaluation != nil, at: Date())
        let page = TrackingPage(frame: frame, data: data, history: history, token: token, notice: notice, trackingURL: trackingURL,
                                evaluateBy: evaluateBy, evaluationInput: evaluationInput)
        return Self.private(shell.renderer.page(page, status: status))
    }

    /// A page carrying a tracking token: never cached, never sent on in a Referer.
    static func `private`(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
