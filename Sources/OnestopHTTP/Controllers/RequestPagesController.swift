import Crypto
import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The firm's pages: the request form, checked on the server with every error next to its field, and the
/// private tracking page with its cancel button. A tracking page without the right token is the same
/// 404 as an unknown id.
struct RequestPagesController<Store: CatalogStore & RequestStore> {
    let store: Store
    let intake: RequestIntake
    let shell: PageShell

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("requests/new", use: form)
        routes.post("requests/new", use: submit)
        routes.get("track/{id}", use: track)
        routes.post("track/{id}/cancel", use: cancel)
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
            serviceCode: input["service_code"], categoryCode: input["category_code"], description: input["description"], mode: input["mode"]
        )
        let checked: RequestSubmission.Checked
        switch submission.validate(in: try await store.submissionContext(serviceCode: input["service_code"]?.trimmingCharacters(in: .whitespaces))) {
        case .success(let value): checked = value
        case .failure(let failure):
            return try await render(request, input: input, issues: failure.issues, notice: nil, status: .unprocessableContent)
        }
        // The form's own id makes a double click or a reload one request, not two.
        let formID = input["form_id"].flatMap { $0.count == 32 && $0.allSatisfy(\.isHexDigit) ? $0 : nil }
        let digest = SHA256.hash(data: Data(names.map { "\($0)=\(input[$0] ?? "")" }.joined(separator: "\n").utf8))
        let new = NewServiceRequest(
            submission: checked, idPrefix: intake.idPrefix, tokenNonce: TrackingTokens.randomNonce(), receivedAt: Date(),
            acknowledgement: intake.acknowledgement,
            idempotency: formID.map { .init(key: "form:\($0)", firm: checked.enterprise.uscc, bodyDigest: Hex.string(digest)) }
        )
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
        "enterprise.phone", "enterprise.email", "service_code", "category_code", "mode", "description", "form_id",
    ] }

    /// The form with what was typed and each problem beside its field, and a summary of them at the top.
    func render(_ request: Request, input: Input, service known: ServiceListing? = nil, issues: [ValidationIssue], notice: String?,
                status: HTTPResponse.Status) async throws -> Response {
        let (language, data, shared) = try await shell.base(request, store: store) { $0.say("提交服务需求", "Request a service") }
        var page = shared
        var service = known
        if service == nil, let code = input["service_code"] { service = try await store.service(code: code) }
        var errors: [String: String] = [:]
        for issue in issues where errors[issue.field] == nil {
            errors[issue.field] = language.say(issue.messageZh, issue.messageEn)
        }
        let modes = service?.service.modes ?? ServiceMode.allCases
        var fields: [FormField] = []
        func field(_ name: String, _ label: String, kind: FormField.Kind = .input("text"), required: Bool = true, hint: String? = nil,
                   autocomplete: String? = nil, maxLength: Int? = nil) {
            fields.append(FormField(
                name: name, label: label, kind: kind, value: input[name] ?? "", required: required,
                optionalNote: required ? nil : language.say("选填", "optional"), hint: hint, error: errors[name],
                autocomplete: autocomplete, maxLength: maxLength))
        }
        let choose = language.say("请选择", "Choose")
        field("enterprise.name", language.say("企业名称", "Firm's name"), autocomplete: "organization", maxLength: 100)
        field("enterprise.uscc", language.say("统一社会信用代码", "Unified social credit code"),
              hint: language.say("18 位，见营业执照", "18 characters, on the business licence"), maxLength: 30)
        field("enterprise.region", language.say("所在县区", "County"),
              kind: .select(HTMLText.options(data.countyChoices(language), selected: input["enterprise.region"], placeholder: choose)))
        field("enterprise.industry", language.say("所属行业", "Industry"), required: false, maxLength: 40)
        field("enterprise.contact_name", language.say("联系人", "Contact person"), autocomplete: "name", maxLength: 50)
        field("enterprise.phone", language.say("联系电话", "Phone"), kind: .input("tel"),
              hint: language.say("手机 11 位，或座机如 0564-5136080", "11-digit mobile, or landline like 0564-5136080"),
              autocomplete: "tel", maxLength: 30)
        field("enterprise.email", language.say("电子邮箱", "Email"), kind: .input("email"), required: false, autocomplete: "email", maxLength: 254)
        if service == nil {
            field("category_code", language.say("需要哪类服务", "Kind of service"),
                  kind: .select(HTMLText.options(data.categoryChoices(language), selected: input["category_code"], placeholder: choose)),
                  hint: language.say("不确定具体服务时，选择类别即可，平台会帮您找到服务站", "Not sure which service? Choose a kind and the platform finds a station"))
        }
        field("mode", language.say("办理方式", "How"), kind: .select(HTMLText.options(
            modes.map { ($0.rawValue, language.mode($0)) }, selected: input["mode"], placeholder: modes.count == 1 ? nil : choose)))
        field("description", language.say("需求说明", "What you need"), kind: .textarea,
              hint: language.say("例如：需要检定的器具、数量、期望时间", "For example: which instruments, how many, by when"),
              maxLength: RequestSubmission.maxDescriptionLength)
        // An error about the form as a whole (the service itself) has no field of its own here.
        for (name, error) in errors where !fields.contains(where: { $0.name == name }) {
            let home = name == "service_code" ? "category_code" : "description"
            if let index = fields.firstIndex(where: { $0.name == home }) ?? fields.indices.last {
                fields[index].error = [fields[index].error, error].compactMap { $0 }.joined(separator: "；")
            }
        }
        page["fieldsHTML"] = fields.map(\.html).joined()
        page["errorSummary"] = fields.compactMap { field -> [String: Any]? in
            guard let error = field.error else { return nil }
            // "统一社会信用代码有误…" already names its field.
            return ["id": field.id, "message": error.hasPrefix(field.label) ? error : "\(field.label)：\(error)"]
        }
        page["hasErrors"] = !issues.isEmpty
        page["errorHeading"] = language.say("请修改以下 \(Set(issues.map(\.field)).count) 处后再提交", "Please correct \(Set(issues.map(\.field)).count) thing(s) and send again")
        page["notice"] = notice
        page["serviceCode"] = service?.service.code
        page["formID"] = input["form_id"] ?? TrackingTokens.randomNonce()
        if let listing = service {
            page["service"] = CatalogPagesController<Store>.summary(listing, language)
        }
        page["heading"] = language.say("提交服务需求", "Request a service")
        page["intro"] = language.say(
            "填写后提交，平台会把需求交给最合适的服务站，并给您一个查询链接跟踪办理进度。带 * 的为必填。",
            "Send this form and the platform passes your request to the station best placed to serve it, and gives you a private link to follow it. Fields marked * are required.")
        page["send"] = language.say("提交", "Send")
        return shell.renderer.page(.requestForm, page, status: status)
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

    func renderTracking(_ request: Request, context: AppRequestContext, _ history: RequestHistory, token: String, notice: String?, status: HTTPResponse.Status) async throws -> Response {
        let serviceRequest = history.stored.request
        let (language, data, shared) = try await shell.base(request, store: store) { $0.say("需求 \(serviceRequest.id)", "Request \(serviceRequest.id)") }
        var page = shared
        page["id"] = serviceRequest.id
        page["token"] = token
        page["status"] = language.status(serviceRequest.status)
        page["statusCode"] = serviceRequest.status.rawValue
        page["notice"] = notice
        if QueryString(request)["new"] == "1" {
            let scheme = context.overHTTPS ? "https" : "http"
            let host = request.head.authority ?? "127.0.0.1"
            page["trackingURL"] = "\(scheme)://\(host)" + PageLanguage.zh.link("/track/\(serviceRequest.id)", [("token", token)])
        }
        // Names and contacts come from the catalog as cached per version: one database read fewer for each.
        if let code = serviceRequest.service ?? serviceRequest.serviceCode, data.serviceNames[code] != nil {
            page["what"] = data.serviceName(code, language)
            page["whatURL"] = language.link("/services/\(code)")
        } else if let code = serviceRequest.categoryCode, let category = data.categories.first(where: { $0.code == code }) {
            page["what"] = language.pick(category.name, category.nameEn)
        }
        page["description"] = serviceRequest.description
        page["enterprise"] = serviceRequest.enterprise.name
        page["mode"] = language.mode(serviceRequest.mode)
        page["createdAt"] = language.time(serviceRequest.createdAt)
        if serviceRequest.status == .assigned, let deadline = serviceRequest.acknowledgeBy {
            page["acknowledgeBy"] = language.time(deadline)
        }
        if let id = serviceRequest.station, let station = data.stations.first(where: { $0.id == id }) {
            var contact: [String: Any] = [
                "name": language.pick(station.name, station.nameEn), "url": language.link("/stations/\(station.id)"),
                "phone": station.phone, "address": station.address,
                "hours": language.hours(station.hours).joined(separator: language.say("；", "; ")),
            ]
            contact["email"] = station.email
            page["station"] = contact
        }
        let timeline = history.timeline.filter { $0.isVisible(to: .firm) }
        page["timeline"] = timeline.reversed().map { event -> [String: Any] in
            let by: String
            switch FirmEventView(event).by {
            case "firm": by = language.say("您", "You")
            case "station": by = language.say("服务站", "Station")
            case "system": by = language.say("系统", "System")
            default: by = language.say("平台", "Platform")
            }
            var entry: [String: Any] = ["at": language.time(event.at), "status": language.status(event.to), "by": by]
            entry["note"] = event.note
            return entry
        }
        page["canCancel"] = !serviceRequest.status.isFinal
        return Self.private(shell.renderer.page(.track, page, status: status))
    }

    /// A page carrying a tracking token: never cached, never sent on in a Referer.
    static func `private`(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        response.headers[.referrerPolicy] = "no-referrer"
        return response
    }
}
