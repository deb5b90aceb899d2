import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The console's requests: a station's own queue, or every request for staff with filters; one request
/// with its timeline (and for staff its routing record); and the actions each role may take on it.
/// A station opening another station's request gets the same 404 as for an unknown id.
struct ConsoleRequestsController<Store: CatalogStore & RequestStore> {
    let store: Store
    let intake: RequestIntake
    let shell: PageShell

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("", use: list)
        routes.get("requests/{id}", use: detail)
        routes.post("requests/{id}/{action}", use: act)
        return routes
    }

    static var perPage: Int { 20 }

    // MARK: The list

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (language, data, shared, key) = try await shell.console(request, context: context, store: store, section: .requests) {
            $0.say("需求", "Requests")
        }
        let parameters = QueryString(request)
        func value(_ name: String) -> String? {
            parameters[name].map { String($0).trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : String($0.prefix(40)) }
        }
        var page = shared
        let status = value("status").flatMap(RequestStatus.init(rawValue:))
        let staff = key.role == .staff
        let station = staff ? value("station").flatMap { id in data.stations.contains { $0.id == id } ? id : nil } : key.station
        let region = staff ? value("region").flatMap { code in data.regions.contains { $0.code == code } ? code : nil } : nil
        let category = staff ? value("category").flatMap { code in data.categories.contains { $0.code == code } ? code : nil } : nil
        let period = staff ? DayPeriod(from: value("from"), to: value("to"), language: language) : DayPeriod(from: nil, to: nil, language: language)
        let pageNumber = try Paging.number(value("page"))
        let results = try await store.serviceRequests(RequestQuery(
            station: station, status: status, region: region, category: category, from: period.from, to: period.to,
            page: PageRequest(page: pageNumber, perPage: Self.perPage)))
        page["heading"] = staff ? language.say("全部需求", "All requests") : language.say("本站需求", "Our requests")
        page["staff"] = staff
        page["problems"] = period.problems.isEmpty ? nil : period.problems
        page["statusOptions"] = HTMLText.options(RequestStatus.allCases.map { ($0.rawValue, language.status($0)) }, selected: status?.rawValue)
        if staff {
            page["stationOptions"] = HTMLText.options(data.stations.map { ($0.id, language.pick($0.name, $0.nameEn)) }, selected: station)
            page["regionOptions"] = HTMLText.options(data.countyChoices(language), selected: region)
            page["categoryOptions"] = HTMLText.options(data.categoryChoices(language), selected: category)
            page["from"] = value("from") ?? ""
            page["to"] = value("to") ?? ""
        }
        // Rows written here rather than looped over in Mustache, for the same reason as search results.
        page["requests"] = !results.items.isEmpty
        page["rowsHTML"] = results.items.map { item -> String in
            let what = (item.service ?? item.serviceCode).map { data.serviceName($0, language) } ?? item.categoryCode.map { data.categoryName($0, language) } ?? ""
            var html = "<tr><td><a href=\"\(HTMLText.escape(language.link("/console/requests/\(item.id)")))\">\(HTMLText.escape(item.id))</a></td>"
            html += "<td><span class=\"badge status-\(item.status.rawValue)\">\(HTMLText.escape(language.status(item.status)))</span>"
            if item.status == .assigned, let deadline = item.acknowledgeBy {
                html += "<br><small\(deadline < Date() ? " class=\"late\"" : "")>\(language.say("受理期限", "accept by")) \(language.time(deadline))</small>"
            }
            html += "</td><td lang=\"zh-CN\">\(HTMLText.escape(item.enterprise.name))</td><td>\(HTMLText.escape(data.regionName(item.enterprise.region, language)))</td>"
            html += "<td>\(HTMLText.escape(what))</td>"
            if staff { html += "<td>\(HTMLText.escape(data.stationName(item.station, language)))</td>" }
            return html + "<td>\(language.time(item.createdAt))</td></tr>"
        }.joined()
        page["total"] = language.say("共 \(results.total) 条", "\(results.total) in all")
        Paging.add(to: &page, number: pageNumber, total: results.total, perPage: Self.perPage, language: language) { number in
            language.link("/console", [("status", status?.rawValue), ("station", staff ? station : nil), ("region", region), ("category", category),
                                       ("from", value("from")), ("to", value("to")), ("page", number == 1 ? nil : String(number))])
        }
        return shell.renderer.page(.consoleRequests, page)
    }

    // MARK: One request

    /// The request with its history when this key may see it: staff see every request, a station only
    /// those now given to it.
    func visible(_ id: String, key: AccessKey) async throws -> RequestHistory? {
        guard let history = try await store.requestHistory(id: id) else { return nil }
        return key.role == .staff || history.stored.request.station == key.station ? history : nil
    }

    @Sendable func detail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let key = context.key, let history = try await visible(id, key: key) else { return try await shell.notFound(request, store: store) }
        let done = QueryString(request)["done"].flatMap(RequestAction.init(rawValue:))
        return try await render(request, context: context, history, done: done, errors: [:], input: [:], notice: nil, status: .ok)
    }

    /// The fields each action's form has, and whether it must be filled.
    static func note(for action: RequestAction) -> (field: String, required: Bool)? {
        switch action {
        case .accept: ("note", false)
        case .decline, .reassign, .closeUnserviceable: ("reason", true)
        case .progress: ("note", true)
        case .complete: ("summary", true)
        default: nil
        }
    }

    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        guard let key = context.key, let history = try await visible(id, key: key) else { return try await shell.notFound(request, store: store) }
        let found = history.stored.request
        let language = PageLanguage(form["lang"])
        let name = try context.parameters.require("action")
        let allowed: [RequestAction] = key.role == .staff ? [.reassign, .closeUnserviceable] : [.accept, .decline, .progress, .complete]
        guard let action = RequestAction(rawValue: name.replacingOccurrences(of: "-", with: "_")), allowed.contains(action),
            let (field, required) = Self.note(for: action)
        else { return try await shell.notFound(request, store: store) }
        var errors: [String: String] = [:]
        var text: String?
        switch RequestNotes.rule.check(form[field] ?? "") {
        case .success(let checked): text = checked.isEmpty ? nil : checked
        case .failure(let problem): errors[field] = language.say(problem.zh, problem.en)
        }
        if required && text == nil && errors[field] == nil { errors[field] = language.say("必填", "required") }
        var toStation: String?
        let unavailable = language.say("服务站不存在或未在服务", "no active station with that id")
        if action == .reassign {
            toStation = try? TextRule.line(40).check(form["station"] ?? "").get()
            if toStation?.isEmpty == true { toStation = nil }
            if toStation == nil {
                errors["station"] = language.say("请选择服务站", "choose a station")
            } else if try await RequestNotes.isUnavailable(toStation!, in: store) {
                errors["station"] = unavailable
            }
        }
        let input = ["action": action.rawValue, field: form[field] ?? "", "station": form["station"] ?? ""]
        if !errors.isEmpty {
            return try await render(request, context: context, history, done: nil, errors: errors, input: input, notice: nil, status: .unprocessableContent)
        }
        let actor: RequestActor = key.role == .staff ? .staff : .station(key.station ?? "")
        let change = RequestChange(
            requestID: found.id, action: action, actor: actor, actorName: key.role == .staff ? key.actorName : "station:\(key.station ?? "")",
            note: text, isInternal: [.progress, .reassign].contains(action) && form["internal"] == "1", at: Date(), toStation: toStation, acknowledgement: intake.acknowledgement)
        switch try await store.transitionRequest(change) {
        case .changed(let changed):
            // A station that declined no longer holds the request: back to its queue.
            if key.role == .station, changed.request.station != key.station {
                return Response(status: .seeOther, headers: [.location: language.link("/console", [("done", action.rawValue)])])
            }
            return Response(status: .seeOther, headers: [.location: language.link("/console/requests/\(found.id)", [("done", action.rawValue)])])
        case .notFound:
            return try await shell.notFound(request, store: store)
        case .refused(.stationUnavailable, _):
            return try await render(request, context: context, history, done: nil,
                                    errors: ["station": unavailable], input: input, notice: nil,
                                    status: .unprocessableContent)
        case .refused(_, let current):
            var refreshed = try await store.requestHistory(id: found.id) ?? history
            refreshed.stored.request.status = current
            return try await render(request, context: context, refreshed, done: nil, errors: [:], input: [:], notice: language.say(
                "未能办理：需求当前状态为“\(current.nameZh)”，可能刚被他人处理过。", "Not done: the request is now \(language.status(current).lowercased()); someone may have just acted on it."),
                status: .conflict)
        }
    }

    func render(_ request: Request, context: AppRequestContext, _ history: RequestHistory, done: RequestAction?, errors: [String: String],
                input: [String: String], notice: String?, status: HTTPResponse.Status) async throws -> Response {
        let item = history.stored.request
        let (language, data, shared, key) = try await shell.console(request, context: context, store: store, section: .requests) {
            $0.say("需求 \(item.id)", "Request \(item.id)")
        }
        var page = shared
        let staff = key.role == .staff
        page["id"] = item.id
        page["status"] = language.status(item.status)
        page["statusCode"] = item.status.rawValue
        page["notice"] = notice
        if let done {
            page["done"] = language.say("已完成：\(Self.actionName(done, .zh))", "Done: \(Self.actionName(done, .en))")
        }
        let enterprise = item.enterprise
        var facts: [(String, String)] = [
            (language.say("企业", "Firm"), enterprise.name),
            (language.say("统一社会信用代码", "Credit code"), enterprise.uscc),
            (language.say("县区", "County"), data.regionName(enterprise.region, language)),
        ]
        if let industry = enterprise.industry { facts.append((language.say("行业", "Industry"), industry)) }
        facts += [(language.say("联系人", "Contact"), enterprise.contactName), (language.say("电话", "Phone"), enterprise.phone)]
        if let email = enterprise.email { facts.append((language.say("邮箱", "Email"), email)) }
        if let service = item.service ?? item.serviceCode, data.serviceNames[service] != nil {
            facts.append((language.say("服务", "Service"), "\(data.serviceName(service, language)) (\(service))"))
        } else if let category = item.categoryCode {
            facts.append((language.say("类别", "Category"), data.categoryName(category, language)))
        }
        facts += [
            (language.say("办理方式", "How"), language.mode(item.mode)),
            (language.say("服务站", "Station"), item.station.map { data.stationName($0, language) } ?? language.say("（未分派）", "(none)")),
            (language.say("提交时间", "Received"), language.time(item.createdAt)),
        ]
        if item.status == .assigned, let deadline = item.acknowledgeBy {
            facts.append((language.say("受理期限", "Accept by"), language.time(deadline)))
        }
        if !item.declinedBy.isEmpty {
            facts.append((language.say("已退回的服务站", "Declined by"), item.declinedBy.map { data.stationName($0, language) }.joined(separator: "、")))
        }
        page["factsHTML"] = facts.map { "<dt>\(HTMLText.escape($0.0))</dt><dd>\(HTMLText.escape($0.1))</dd>" }.joined()
        page["description"] = item.description
        // The timeline and the routing record are written here rather than looped over in Mustache: with a
        // routing record's every excluded station they were most of this page's time.
        page["timelineHTML"] = history.timeline.reversed().filter { $0.isVisible(to: key.timelineReader) }.map { event -> String in
            var html = "<li><time>\(language.time(event.at))</time> <strong>\(HTMLText.escape(language.status(event.to)))</strong>"
            if let action = event.action { html += " · \(HTMLText.escape(Self.actionName(action, language)))" }
            html += " · <code>\(HTMLText.escape(event.actor))</code>"
            if event.isInternal { html += " <span class=\"badge\">\(language.say("内部", "internal"))</span>" }
            if let note = event.note { html += "<p class=\"pre\" lang=\"zh-CN\">\(HTMLText.escape(note))</p>" }
            return html + "</li>"
        }.joined()
        if staff {
            page["routingHTML"] = history.routing.reversed().map { record -> String in
                let decision = record.decision
                var html = "<details open><summary><time>\(language.time(record.at))</time> → <strong>\(HTMLText.escape(data.stationName(decision.station, language)))</strong>"
                if decision.fallback { html += " (\(language.say("由平台兜底", "platform fallback")))" }
                html += "</summary><ol class=\"candidates\">"
                for candidate in decision.candidates {
                    html += "<li>\(HTMLText.escape(data.stationName(candidate.station, language))) <code>\(HTMLText.escape(candidate.service))</code>: "
                        + "\(HTMLText.escape(language.say(candidate.tier.reasonZh, candidate.tier.reasonEn))) · \(language.say("负载", "load")) "
                        + "\((candidate.load * 100).rounded() / 100)</li>"
                }
                html += "</ol><ul class=\"excluded\">"
                for excluded in decision.excluded {
                    html += "<li>\(HTMLText.escape(data.stationName(excluded.station, language))) <code>\(HTMLText.escape(excluded.service))</code>: "
                        + "\(HTMLText.escape(language.say(excluded.reason.reasonZh, excluded.reason.reasonEn)))</li>"
                }
                return html + "</ul></details>"
            }.joined()
        }
        // Each action's form, written here rather than looped over in Mustache (most of this page's time).
        var actions: [String] = []
        let csrf = context.csrf ?? ""
        func action(_ action: RequestAction, label: String, button: String, danger: Bool = false, internalAllowed: Bool = false, stations: String? = nil) {
            guard let (field, required) = Self.note(for: action) else { return }
            let slug = action.rawValue.replacingOccurrences(of: "_", with: "-")
            let mine = input["action"] == action.rawValue
            var html = "<form class=\"action\(danger ? " danger" : "")\" action=\"\(HTMLText.escape(language.link("/console/requests/\(item.id)/\(slug)")))\" "
                + "method=\"post\" accept-charset=\"utf-8\" novalidate><input type=\"hidden\" name=\"csrf\" value=\"\(HTMLText.escape(csrf))\">"
            if language == .en { html += "<input type=\"hidden\" name=\"lang\" value=\"en\">" }
            if let stations {
                html += FormField(name: "station", label: language.say("改派给", "Give it to"), kind: .select(stations),
                                  error: mine ? errors["station"] : nil, customID: "\(slug)-station").html
            }
            html += FormField(name: field, label: label, kind: .textarea, value: mine ? input[field] ?? "" : "", required: required,
                              optionalNote: required ? nil : language.say("选填", "optional"), error: mine ? errors[field] : nil,
                              maxLength: RequestNotes.maxLength, customID: "\(slug)-\(field)", rows: 2).html
            if internalAllowed {
                html += "<p class=\"check\"><input type=\"checkbox\" id=\"\(slug)-internal\" name=\"internal\" value=\"1\"> "
                    + "<label for=\"\(slug)-internal\">\(HTMLText.escape(language.say("仅内部可见（企业看不到）", "Internal only (the firm does not see it)")))</label></p>"
            }
            html += "<p><button type=\"submit\" id=\"\(slug)-button\"\(danger ? " class=\"secondary\"" : "")>\(HTMLText.escape(button))</button></p></form>"
            actions.append(html)
        }
        if staff {
            if !item.status.isFinal {
                let choices = data.stations.filter { $0.status == .active && $0.id != item.station }.map { ($0.id, language.pick($0.name, $0.nameEn)) }
                action(.reassign, label: language.say("改派原因", "Why reassign"), button: language.say("改派", "Reassign"), internalAllowed: true,
                       stations: HTMLText.options(choices, selected: input["station"], placeholder: language.say("请选择", "Choose")))
                action(.closeUnserviceable, label: language.say("无法办理的原因（企业可见）", "Why it cannot be served (the firm sees this)"),
                       button: language.say("关闭为无法办理", "Close as unserviceable"), danger: true)
            }
        } else {
            switch item.status {
            case .assigned:
                action(.accept, label: language.say("受理说明", "Note"), button: language.say("受理", "Accept"))
                action(.decline, label: language.say("退回原因", "Why decline"), button: language.say("退回", "Decline"), danger: true)
            case .accepted, .inProgress:
                action(.progress, label: language.say("进展说明", "Progress note"), button: language.say("记录进展", "Add progress"), internalAllowed: true)
                action(.complete, label: language.say("办结说明", "Summary"), button: language.say("办结", "Complete"))
            default:
                break
            }
        }
        page["actionsHTML"] = actions.joined()
        page["staff"] = staff
        page["backURL"] = language.link("/console")
        return shell.renderer.page(.consoleRequest, page, status: status)
    }

    static func actionName(_ action: RequestAction, _ language: PageLanguage) -> String {
        switch action {
        case .assign: language.say("分派", "assigned")
        case .accept: language.say("受理", "accepted")
        case .decline: language.say("退回", "declined")
        case .progress: language.say("记录进展", "progress noted")
        case .complete: language.say("办结", "completed")
        case .cancel: language.say("企业撤回", "cancelled")
        case .escalate: language.say("超时上报", "escalated")
        case .reassign: language.say("改派", "reassigned")
        case .closeUnserviceable: language.say("关闭为无法办理", "closed as unserviceable")
        }
    }
}
