import Foundation
import Hummingbird
import OnestopDelivery
import OnestopDomain
import OnestopStore

/// Staff's view of webhooks, behind a staff key: endpoints and their secrets, every delivery and its
/// attempts, redelivery, and the alerts onestop raised by itself.
struct WebhooksController<Store: CatalogStore & DeliveryStore> {
    let store: Store
    /// Which addresses endpoints may be at; with loopback allowed, robot endpoints may point at a local imitation.
    var addresses = EndpointAddressPolicy.publicOnly
    /// How long a rotated-out secret keeps signing beside the new one.
    var rotationOverlap: TimeInterval = 24 * 3600

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("endpoints", use: list)
        routes.post("endpoints", use: create)
        routes.get("endpoints/{id}", use: show)
        routes.patch("endpoints/{id}", use: update)
        routes.delete("endpoints/{id}", use: delete)
        routes.post("endpoints/{id}/rotate-secret", use: rotate)
        routes.post("endpoints/{id}/disable", use: disable)
        routes.post("endpoints/{id}/enable", use: enable)
        routes.post("endpoints/{id}/redeliver-failed", use: redeliverFailed)
        routes.get("deliveries", use: deliveries)
        routes.get("deliveries/{id}", use: delivery)
        routes.post("deliveries/{id}/redeliver", use: redeliver)
        routes.get("alerts", use: alerts)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> ListView<WebhookEndpoint> {
        let parameters = try QueryParameters(request, allowed: ["station"])
        return ListView(try await store.endpoints(station: try parameters.required("station", maxLength: 40)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<EndpointWithSecretView> {
        _ = try QueryParameters(request, allowed: [])
        let body = try await JSONBody.read(NewEndpointBody.self, request, context: context)
        let fields = body.fields
        var errors: [APIError.FieldError] = []
        let station = body.station.value?.trimmingCharacters(in: .whitespaces) ?? ""
        if station.isEmpty {
            errors.append(.init(field: "station", message: "必填", messageEn: "is required"))
        } else if try await store.station(id: station) == nil {
            errors.append(.init(field: "station", message: "服务站不存在：\(station)", messageEn: "no station \(station)"))
        }
        let format = Self.format(fields.format, errors: &errors)
        let url = await Self.url(fields.url, format: format, addresses: addresses, required: true, errors: &errors)
        let types = Self.eventTypes(fields.eventTypes, errors: &errors) ?? []
        let description = Self.description(fields.description, errors: &errors)
        let robot = Self.robotSettings(fields, format: format, errors: &errors)
        guard errors.isEmpty, let url else { throw APIError.validationFailed(errors) }
        let secret = format == .standard ? WebhookSecret.generate().text : ((robot.secret ?? nil) ?? "")
        let endpoint = try await store.createEndpoint(NewEndpoint(
            station: station, url: url, format: format, eventTypes: types, description: description ?? nil, secret: secret,
            keyword: robot.keyword ?? nil, mentionMobiles: robot.mentions ?? [], robotContact: robot.contact ?? .masked,
            rateLimit: robot.rate ?? nil, actor: context.key?.actorName ?? "staff", at: Date()))
        return EditedResponse(status: .created, headers: [.location: "/api/v1/endpoints/\(endpoint.id)"],
                              response: EndpointWithSecretView(endpoint: endpoint, secret: format == .standard ? secret : nil))
    }

    func existing(_ context: AppRequestContext) async throws -> WebhookEndpoint {
        let id = try context.parameters.require("id")
        guard let endpoint = try await store.endpoint(id: id) else {
            throw APIError.notFound(zh: "没有找到该 webhook 端点：\(id)", en: "no webhook endpoint \(id)")
        }
        return endpoint
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> WebhookEndpoint {
        _ = try QueryParameters(request, allowed: [])
        return try await existing(context)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> WebhookEndpoint {
        _ = try QueryParameters(request, allowed: [])
        let endpoint = try await existing(context)
        let fields = try await JSONBody.read(EndpointFields.self, request, context: context)
        var errors: [APIError.FieldError] = []
        if !fields.format.isAbsent, fields.format.value != endpoint.format.rawValue {
            errors.append(.init(field: "format", message: "格式不能修改，请新建端点", messageEn: "cannot be changed; create a new endpoint instead"))
        }
        let robot = Self.robotSettings(fields, format: endpoint.format, errors: &errors)
        let now = Date()
        let url = await Self.url(fields.url, format: endpoint.format, addresses: addresses, required: false, errors: &errors)
        let update = EndpointUpdate(
            url: url,
            eventTypes: Self.eventTypes(fields.eventTypes, errors: &errors),
            description: Self.description(fields.description, errors: &errors),
            keyword: robot.keyword, mentionMobiles: robot.mentions, robotContact: robot.contact, rateLimit: robot.rate,
            // A robot's secret is the platform's: it replaces the old one at once (null: the robot no longer signs).
            secret: robot.secret.map { SecretChange(secret: $0 ?? "", overlapUntil: now) })
        guard errors.isEmpty else { throw APIError.validationFailed(errors) }
        return try await store.updateEndpoint(id: endpoint.id, update, actor: context.key?.actorName ?? "staff", at: now) ?? endpoint
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let endpoint = try await existing(context)
        _ = try await store.deleteEndpoint(id: endpoint.id, actor: context.key?.actorName ?? "staff", at: Date())
        return Response(status: .noContent)
    }

    @Sendable func rotate(_ request: Request, context: AppRequestContext) async throws -> EndpointWithSecretView {
        _ = try QueryParameters(request, allowed: [])
        let endpoint = try await existing(context)
        guard endpoint.format == .standard else {
            throw APIError.validationFailed([.init(
                field: "format", message: "群机器人的加签密钥由平台生成，请用 PATCH 的 secret 字段填写新密钥",
                messageEn: "a robot's signing secret comes from its platform: set the new one with PATCH and \"secret\"")])
        }
        let secret = WebhookSecret.generate()
        let now = Date()
        let rotated = try await store.rotateEndpointSecret(
            id: endpoint.id, secret: secret.text, overlapUntil: now.addingTimeInterval(rotationOverlap),
            actor: context.key?.actorName ?? "staff", at: now)
        return EndpointWithSecretView(endpoint: rotated ?? endpoint, secret: secret.text)
    }

    @Sendable func disable(_ request: Request, context: AppRequestContext) async throws -> WebhookEndpoint {
        try await setEnabled(false, request, context)
    }

    @Sendable func enable(_ request: Request, context: AppRequestContext) async throws -> WebhookEndpoint {
        try await setEnabled(true, request, context)
    }

    func setEnabled(_ enabled: Bool, _ request: Request, _ context: AppRequestContext) async throws -> WebhookEndpoint {
        _ = try QueryParameters(request, allowed: [])
        let endpoint = try await existing(context)
        var reason: String?
        if enabled {
            _ = try await JSONBody.readIfPresent(EmptyBody.self, request, context: context)
        } else if let sent = try await JSONBody.readIfPresent(DisableBody.self, request, context: context)?.reason, !sent.isAbsent {
            guard let text = sent.value, (1...500).contains(text.count) else {
                throw APIError.validationFailed([.init(field: "reason", message: "应为 1 至 500 个字符", messageEn: "must be 1 to 500 characters")])
            }
            reason = text
        }
        return try await store.setEndpointEnabled(id: endpoint.id, enabled: enabled, reason: reason,
                                                  actor: context.key?.actorName ?? "staff", at: Date()) ?? endpoint
    }

    struct RedeliveredView: ResponseEncodable {
        var endpoint: String
        var redelivered: Int
    }

    @Sendable func redeliverFailed(_ request: Request, context: AppRequestContext) async throws -> RedeliveredView {
        _ = try QueryParameters(request, allowed: [])
        let endpoint = try await existing(context)
        let body = try await JSONBody.read(RedeliverFailedBody.self, request, context: context)
        guard let text = body.since.value, let since = WorkingCalendar.china.time(text) else {
            throw APIError.validationFailed([.init(field: "since", message: "必填，应为日期，如 2026-11-01 或 2026-11-01T08:00:00+08:00",
                                                   messageEn: "is required: a date like 2026-11-01 or 2026-11-01T08:00:00+08:00")])
        }
        return RedeliveredView(endpoint: endpoint.id, redelivered: try await store.redeliverFailed(endpoint: endpoint.id, since: since, at: Date()))
    }

    @Sendable func deliveries(_ request: Request, context: AppRequestContext) async throws -> PageView<Delivery> {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging.union(["status", "endpoint", "request", "from", "to"]))
        let query = DeliveryQuery(
            status: try parameters.value("status", Delivery.Status.self),
            endpoint: try parameters.required("endpoint", maxLength: 40),
            requestID: try parameters.required("request", maxLength: 40),
            from: try parameters.date("from"),
            to: try parameters.date("to"),
            page: try parameters.page())
        return PageView(try await store.deliveries(query)) { $0 }
    }

    func deliveryID(_ context: AppRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else {
            throw APIError.notFound(zh: "没有找到该投递：\(text)", en: "no delivery \(text)")
        }
        return id
    }

    @Sendable func delivery(_ request: Request, context: AppRequestContext) async throws -> DeliveryDetailView {
        _ = try QueryParameters(request, allowed: [])
        let id = try deliveryID(context)
        guard let detail = try await store.delivery(id: id) else {
            throw APIError.notFound(zh: "没有找到该投递：\(id)", en: "no delivery \(id)")
        }
        return DeliveryDetailView(detail)
    }

    @Sendable func redeliver(_ request: Request, context: AppRequestContext) async throws -> Delivery {
        _ = try QueryParameters(request, allowed: [])
        let id = try deliveryID(context)
        guard let delivery = try await store.redeliver(id: id, at: Date()) else {
            throw APIError.notFound(zh: "没有找到该投递：\(id)", en: "no delivery \(id)")
        }
        return delivery
    }

    @Sendable func alerts(_ request: Request, context: AppRequestContext) async throws -> PageView<StaffAlert> {
        let parameters = try QueryParameters(request, allowed: QueryParameters.paging)
        return PageView(try await store.alerts(page: try parameters.page())) { $0 }
    }

    static func format(_ sent: Sent<String>, errors: inout [APIError.FieldError]) -> EndpointFormat {
        if sent.isAbsent { return .standard }
        guard let text = sent.value, let format = EndpointFormat(rawValue: text) else {
            let known = EndpointFormat.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(.init(field: "format", message: "未知的格式，可选：\(known)", messageEn: "unknown format; one of \(known)"))
            return .standard
        }
        return format
    }

    /// A robot's settings as given: nil for what is absent, `.some(nil)` for what is cleared with null.
    static func robotSettings(_ fields: EndpointFields, format: EndpointFormat, errors: inout [APIError.FieldError])
        -> (secret: String??, keyword: String??, mentions: [String]?, contact: RobotContact?, rate: EndpointRate??)
    {
        func text(_ sent: Sent<String>, _ name: String) -> String?? {
            if case .wrongType = sent { errors.append(.init(field: name, message: "应为字符串", messageEn: "must be a string")) }
            return sent.update
        }
        let secret = text(fields.secret, "secret")
        let keyword = text(fields.keyword, "keyword")
        var mentions: [String]?
        switch fields.mentionMobiles {
        case .absent: break
        case .value(let list): mentions = list
        case .null, .wrongType:
            errors.append(.init(field: "mention_mobiles", message: "应为手机号的数组", messageEn: "must be an array of mobile numbers"))
        }
        var contact: RobotContact?
        if !fields.robotContact.isAbsent {
            if format == .standard {
                errors.append(.init(field: "robot_contact", message: "只适用于群机器人，签名 webhook 总是带完整电话",
                                    messageEn: "applies to group robots only; signed webhooks always carry the full phone"))
            } else if let value = fields.robotContact.value.flatMap(RobotContact.init(rawValue:)) {
                contact = value
            } else {
                errors.append(.init(field: "robot_contact", message: "可选值：masked（隐去中间四位）、full（完整电话）",
                                    messageEn: "must be masked (the middle digits hidden) or full"))
            }
        }
        var rate: EndpointRate??
        switch fields.rateLimit {
        case .absent: break
        case .null: rate = .some(nil)
        case .value(let object):
            func number(_ sent: Sent<Double>, _ key: String) -> Int? {
                switch sent {
                case .absent, .null: return nil
                case .value(let number) where number.rounded() == number && abs(number) < 1e9: return Int(number)
                case .value, .wrongType:
                    errors.append(.init(field: "rate_limit.\(key)", message: "应为整数", messageEn: "must be a whole number"))
                    return nil
                }
            }
            let limit = EndpointRate(perMinute: number(object.perMinute, "per_minute"), perSecond: number(object.perSecond, "per_second"))
            rate = .some(limit.perMinute == nil && limit.perSecond == nil ? nil : limit)
        case .wrongType:
            errors.append(.init(field: "rate_limit", message: "应为 {\"per_minute\": 20, \"per_second\": 5} 这样的对象或 null",
                                messageEn: "must be an object like {\"per_minute\": 20, \"per_second\": 5}, or null"))
        }
        if case .some(.none) = secret, !format.signs {
            errors.append(.init(field: "secret", message: format == .standard ? "标准 webhook 必须签名，换密钥请用 rotate-secret" : "企业微信机器人没有加签",
                                messageEn: format == .standard ? "standard endpoints always sign; use rotate-secret for a new secret" : "WeCom robots have no signing"))
        }
        let normalized = mentions?.map { EndpointFormat.mobile($0) ?? $0 }
        for problem in format.problems(secret: secret ?? nil, keyword: keyword ?? nil, mentions: normalized ?? [], rate: rate ?? nil) {
            errors.append(.init(field: problem.field, message: problem.zh, messageEn: problem.en))
        }
        return (secret, keyword, normalized, contact, rate)
    }

    static func url(_ sent: Sent<String>, format: EndpointFormat, addresses: EndpointAddressPolicy, required: Bool,
                    errors: inout [APIError.FieldError]) async -> String? {
        if sent.isAbsent {
            if required { errors.append(.init(field: "url", message: "必填", messageEn: "is required")) }
            return nil
        }
        guard let text = sent.value?.trimmingCharacters(in: .whitespaces) else {
            errors.append(.init(field: "url", message: "应为字符串", messageEn: "must be a string"))
            return nil
        }
        if let problem = format.problem(withURL: text, addresses: addresses) {
            errors.append(.init(field: "url", message: problem.zh, messageEn: problem.en))
            return nil
        }
        if format == .standard, let refusal = await EndpointAddressCheck.refusal(ofURL: text, policy: addresses) {
            errors.append(.init(field: "url", message: refusal.zh, messageEn: refusal.en))
            return nil
        }
        return text
    }

    static func eventTypes(_ sent: Sent<[Sent<String>]>, errors: inout [APIError.FieldError]) -> [WebhookEventType]? {
        if sent.isAbsent { return nil }
        guard let list = sent.value else {
            errors.append(.init(field: "event_types", message: "应为事件类型的数组", messageEn: "must be an array of event types"))
            return nil
        }
        var types: [WebhookEventType] = []
        for (index, item) in list.enumerated() {
            guard let type = item.value.flatMap(WebhookEventType.init(rawValue:)) else {
                let known = WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")
                errors.append(.init(field: "event_types[\(index)]", message: "未知的事件类型，可选：\(known)", messageEn: "unknown event type; one of \(known)"))
                continue
            }
            types.append(type)
        }
        return types
    }

    static func description(_ sent: Sent<String>, errors: inout [APIError.FieldError]) -> String?? {
        switch sent {
        case .absent: return nil
        case .null: return .some(nil)
        case .wrongType:
            errors.append(.init(field: "description", message: "应为不超过 200 个字符的文字", messageEn: "must be text of at most 200 characters"))
            return nil
        case .value(let text):
            switch TextRule.line(200).check(text) {
            case .success(let checked): return .some(checked.isEmpty ? nil : checked)
            case .failure(let problem):
                errors.append(.init(field: "description", problem))
                return nil
            }
        }
    }
}

extension WebhookEndpoint: ResponseEncodable {}

extension Delivery: ResponseEncodable {}
