import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The console's requests: a station's own queue, or every request for staff with filters; one request
/// with its timeline (and for staff its routing record); and the actions each role may take on it.
/// A station opening another station's request gets the same 404 as for an unknown id.
struct ConsoleRequestsController<Store: CatalogStore & RequestStore & AuditStore & NoticeStore> {
    let store: Store
    let intake: RequestIntake
    let shell: PageShell

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("", use: list)
        routes.get("requests/{id}", use: detail)
        routes.get("ledger.csv", use: ledger)
        routes.post("requests/{id}/{action}", use: act)
        return routes
    }

    static var perPage: Int { 20 }

    // MARK: The list

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (language, data, frame, key) = try await shell.console(request, context: context, store: store, section: .requests) {
            $0.say("需求", "Requests")
        }
        let parameters = QueryString(request)
        func value(_ name: String) -> String? { parameters.filter(name, maxLength: 40) }
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
        let filters = ConsoleRequestsPage.Filters(
            status: status, station: station, region: region, category: category, from: staff ? value("from") : nil, to: staff ? value("to") : nil,
            problems: period.problems)
        let links = PageLinks(number: pageNumber, total: results.total, perPage: Self.perPage, language: language) { number in
            language.link("/console", [("status", status?.rawValue), ("station", staff ? station : nil), ("region", region), ("category", category),
                                       ("from", value("from")), ("to", value("to")), ("page", number == 1 ? nil : String(number))])
        }
        return shell.renderer.page(ConsoleRequestsPage(frame: frame, data: data, staff: staff, filters: filters, results: results, links: links, now: Date()))
    }

    /// The work ledger of the period the list is filtered to: a station's own requests, or staff's of every station
    /// (or the one filtered to).
    @Sendable func ledger(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let key = context.key else { return try await shell.notFound(request, store: store) }
        let parameters = QueryString(request)
        let station = key.role == .staff ? parameters.filter("station", maxLength: 40) : key.station
        // The days as the list's filter reads them ("to" included); one that cannot be read is left out there too.
        let days = DayPeriod(from: parameters.filter("from", maxLength: 40), to: parameters.filter("to", maxLength: 40), language: .zh)
        let period = try LedgerDownload.period(from: days.from, to: days.to)
        let query = LedgerQuery(from: period.from, to: period.to, station: station)
        try await store.recordLedgerExport(query, actor: key.actorName, at: Date())
        return LedgerDownload.response(query, store: store)
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
        let page = try await render(request, context: context, history, done: done, attempt: nil, notice: nil, status: .ok)
        // Written once the page is made: a request refused for its query showed nothing.
        try await store.recordRead(ofRequest: id, actor: key.actorName, at: Date())
        return page
    }

    @Sendable func act(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await ConsoleForm.read(request, context: context)
        guard let key = context.key, let history = try await visible(id, key: key) else { return try await shell.notFound(request, store: store) }
        let found = history.stored.request
        let language = PageLanguage(form["lang"])
        let name = try context.parameters.require("action")
        let allowed: [RequestAction] = key.role == .staff
            ? [.reassign, .closeUnserviceable, .recordCallback, .reviewAppeal]
            : [.accept, .decline, .progress, .complete, .nameCaseworker, .reschedule, .answerFollowUp, .appeal]
        guard let action = RequestAction(rawValue: name.replacingOccurrences(of: "-", with: "_")), allowed.contains(action),
            let (field, required) = RequestNotes.field(for: action)
        else { return try await shell.notFound(request, store: store) }
        if action.isEvaluationStep {
            return try await evaluationStep(action, form: form, request, context: context, history: history, key: key, language: language)
        }
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
        var caseworker: String?
        var promise: RequestChange.Promise?
        if action == .accept || action == .nameCaseworker {
            caseworker = (try? TextRule.line(40).check(form["caseworker"] ?? "").get()).flatMap { $0.isEmpty ? nil : $0 }
            let station = try await found.station.asyncMap { try await store.station(id: $0) } ?? nil
            // Asked only where the action can happen: accepting twice is answered as the conflict it is.
            let acts = action == .accept ? found.status == .assigned : [.accepted, .inProgress].contains(found.status)
            if caseworker == nil, acts, action == .nameCaseworker || station?.caseworkers.contains(where: \.isActive) == true {
                errors["caseworker"] = language.say("请选择服务专员", "choose the caseworker")
            }
        }
        if action == .accept || action == .reschedule {
            var reason: String?
            if action == .reschedule {
                reason = text
            } else {
                switch RequestNotes.rule.check(form["reason"] ?? "") {
                case .success(let checked): reason = checked.isEmpty ? nil : checked
                case .failure(let problem): errors["reason"] = language.say(problem.zh, problem.en)
                }
            }
            let written = (form["promised_on"] ?? "").trimmingCharacters(in: .whitespaces)
            if written.isEmpty {
                if action == .reschedule { errors["promised_on"] = language.say("必填", "required") }
            } else if let day = CivilDay(written) {
                promise = RequestChange.Promise(day: day, reason: reason)
                if action == .accept, reason == nil, errors["reason"] == nil {
                    errors["reason"] = language.say("自定日期须说明原因", "a day of your own needs a reason")
                }
            } else {
                errors["promised_on"] = language.say("应为日期，如 2026-10-20", "must be a day like 2026-10-20")
            }
        }
        var attempt = ConsoleRequestPage.Attempt(
            action: action, text: form[field] ?? "", station: form["station"] ?? "", caseworker: form["caseworker"] ?? "",
            promisedOn: form["promised_on"] ?? "", reason: form["reason"] ?? "", errors: errors)
        if !errors.isEmpty {
            return try await render(request, context: context, history, done: nil, attempt: attempt, notice: nil, status: .unprocessableContent)
        }
        let actor: RequestActor = key.role == .staff ? .staff : .station(key.station ?? "")
        let change = RequestChange(
            requestID: found.id, action: action, actor: actor, actorName: key.role == .staff ? key.actorName : "station:\(key.station ?? "")",
            note: action == .reschedule ? nil : text, isInternal: [.progress, .reassign].contains(action) && form["internal"] == "1", at: Date(),
            toStation: toStation, acknowledgement: intake.acknowledgement, caseworker: caseworker, promise: promise)
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
            attempt.errors = ["station": unavailable]
            return try await render(request, context: context, history, done: nil, attempt: attempt, notice: nil, status: .unprocessableContent)
        case .refused(.caseworkerUnavailable(let id), _):
            let problem = RequestNotes.caseworkerProblem(id)
            attempt.errors = [problem.field: language.say(problem.message, problem.messageEn)]
            return try await render(request, context: context, history, done: nil, attempt: attempt, notice: nil, status: .unprocessableContent)
        case .refused(.promiseRefused(let refusal), _):
            let problem = RequestNotes.promiseProblem(refusal)
            attempt.errors = [problem.field: language.say(problem.message, problem.messageEn)]
            return try await render(request, context: context, history, done: nil, attempt: attempt, notice: nil, status: .unprocessableContent)
        case .refused(_, let current):
            var refreshed = try await store.requestHistory(id: found.id) ?? history
            refreshed.stored.request.status = current
            return try await render(request, context: context, refreshed, done: nil, attempt: nil, notice: language.say(
                "未能办理：需求当前状态为“\(current.nameZh)”，可能刚被他人处理过。", "Not done: the request is now \(language.status(current).lowercased()); someone may have just acted on it."),
                status: .conflict)
        }
    }

    /// A step after the firm's evaluation, read by the same bodies as the API's, so that the form and the API refuse alike.
    func evaluationStep(_ action: RequestAction, form: FormBody, _ request: Request, context: AppRequestContext, history: RequestHistory,
                        key: AccessKey, language: PageLanguage) async throws -> Response {
        func sent(_ name: String) -> Sent<String> { form[name].map { .value($0) } ?? .absent }
        let body: any EvaluationStepBody = switch action {
        case .answerFollowUp: FollowUpBody(answer: sent("answer"))
        case .appeal: AppealBody(reason: sent("reason"))
        case .recordCallback: CallbackBody(reached: form["reached"].map { $0 == "1" ? .value(true) : $0 == "0" ? .value(false) : .absent } ?? .absent,
                                           note: sent("note"))
        default: AppealDecisionBody(decision: sent("decision"), reason: sent("reason"))
        }
        let field = RequestNotes.field(for: action)?.name ?? "note"
        var attempt = ConsoleRequestPage.Attempt(action: action, text: form[field] ?? "", station: "", choice: form["reached"] ?? form["decision"] ?? "",
                                                 errors: [:])
        let step: EvaluationStep
        do {
            step = try body.step()
        } catch let error as APIError {
            for problem in error.fieldErrors ?? [] where attempt.errors[problem.field] == nil {
                attempt.errors[problem.field] = switch problem.field {
                case "reached": language.say("请选择回访结果", "choose the outcome")
                case "decision": language.say("请选择复核结论", "choose the decision")
                default: language.say(problem.message, problem.messageEn)
                }
            }
            return try await render(request, context: context, history, done: nil, attempt: attempt, notice: nil, status: .unprocessableContent)
        }
        let id = history.stored.request.id
        let actor: RequestActor = key.role == .staff ? .staff : .station(key.station ?? "")
        let change = RequestChange(requestID: id, step: step, actor: actor, actorName: key.role == .staff ? key.actorName : "station:\(key.station ?? "")",
                                   at: Date(), policy: intake.evaluation, acknowledgement: intake.acknowledgement)
        switch try await store.transitionRequest(change) {
        case .changed:
            return Response(status: .seeOther, headers: [.location: language.link("/console/requests/\(id)", [("done", action.rawValue)])])
        case .notFound:
            return try await shell.notFound(request, store: store)
        case .refused(.evaluationRefused(let problem), _):
            let text = RequestNotes.evaluationProblem(problem)
            let refreshed = try await store.requestHistory(id: id) ?? history
            return try await render(request, context: context, refreshed, done: nil, attempt: nil,
                                    notice: language.say("未能办理：\(text.zh)", "Not done: \(text.en)"), status: .conflict)
        case .refused(_, let current):
            return try await render(request, context: context, history, done: nil, attempt: nil, notice: language.say(
                "未能办理：需求当前状态为“\(current.nameZh)”。", "Not done: the request is \(language.status(current).lowercased())."), status: .conflict)
        }
    }

    func render(_ request: Request, context: AppRequestContext, _ history: RequestHistory, done: RequestAction?,
                attempt: ConsoleRequestPage.Attempt?, notice: String?, status: HTTPResponse.Status) async throws -> Response {
        let id = history.stored.request.id
        let (_, data, frame, key) = try await shell.console(request, context: context, store: store, section: .requests) {
            $0.say("需求 \(id)", "Request \(id)")
        }
        return shell.renderer.page(
            ConsoleRequestPage(frame: frame, data: data, history: history, key: key, done: done, attempt: attempt, notice: notice,
                               notices: try await store.notices(ofRequest: id)), status: status)
    }
}
