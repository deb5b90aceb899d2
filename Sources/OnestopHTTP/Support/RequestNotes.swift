import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// Reading the note, reason or summary an action carries, and answering with the changed request.
enum RequestNotes {
    static let maxLength = 2000
    /// Notes, reasons and summaries: several lines, as a person writes them.
    static let rule = TextRule.multiline(maxLength)

    /// The text field a console form of `action` has, and whether it must be filled; nil for an action
    /// the console offers no form for.
    static func field(for action: RequestAction) -> (name: String, required: Bool)? {
        switch action {
        case .accept: ("note", false)
        case .decline, .reassign, .closeUnserviceable: ("reason", true)
        case .progress: ("note", true)
        case .complete: ("summary", true)
        case .nameCaseworker: ("note", false)
        case .reschedule: ("reason", true)
        case .answerFollowUp: ("answer", true)
        case .appeal: ("reason", true)
        case .recordCallback: ("note", true)
        case .reviewAppeal: ("reason", true)
        default: nil
        }
    }

    static func read<Field: ActionTextField>(_ type: ActionTextBody<Field>.Type, _ request: Request, context: AppRequestContext, required: Bool)
        async throws -> (text: String?, isInternal: Bool)
    {
        let field = Field.name
        guard let body = try await JSONBody.readIfPresent(type, request, context: context) else {
            if required { throw APIError.validationFailed([.init(field: field, message: "必填", messageEn: "is required")]) }
            return (nil, false)
        }
        if !body.text.isAbsent, body.text.value == nil {
            throw APIError.validationFailed([.init(field: field, message: "应为文本", messageEn: "must be text")])
        }
        if !body.isInternal.isAbsent, body.isInternal.value == nil {
            throw APIError.validationFailed([.init(field: "internal", message: "应为 true 或 false", messageEn: "must be true or false")])
        }
        let text = try APIError.text(body.text.value, field: field, rule: rule)
        if required && text == nil {
            throw APIError.validationFailed([.init(field: field, message: "必填", messageEn: "is required")])
        }
        return (text, body.isInternal.value ?? false)
    }

    static func outcome(_ outcome: TransitionOutcome, store: some RequestStore, reader: TimelineReader) async throws -> RequestDetailView {
        switch outcome {
        case .changed(let stored):
            let id = stored.request.id
            let evaluation = stored.request.status.isFinal ? try await store.evaluation(ofRequest: id) : nil
            return RequestDetailView(stored.request, timeline: try await store.timeline(ofRequest: id), reader: reader, evaluation: evaluation)
        case .notFound:
            throw APIError.notFound(zh: "没有找到该需求", en: "no such request")
        case .refused(.notPermitted, _):
            throw APIError.forbidden
        case .refused(.stationUnavailable(let station), _):
            throw APIError.validationFailed([Self.unavailable(station)])
        case .refused(.caseworkerUnavailable(let id), _):
            throw APIError.validationFailed([Self.caseworkerProblem(id)])
        case .refused(.promiseRefused(let problem), _):
            throw APIError.validationFailed([Self.promiseProblem(problem)])
        case .refused(.evaluationRefused(let problem), _):
            throw evaluationConflict(problem)
        case .refused(.invalidTransition(_, let action), let current) where action.isEvaluationStep:
            throw APIError.conflict(
                zh: "需求当前状态为“\(current.nameZh)”，办结后才能评价",
                en: "the request is \(current.rawValue); it can be evaluated once it is completed or closed")
        case .refused(.invalidTransition(_, let action), let current):
            throw APIError.conflict(
                zh: "需求当前状态为“\(current.nameZh)”（\(current.rawValue)），不能\(action.rawValue)",
                en: "the request is \(current.rawValue); \(action.rawValue) is not possible now")
        }
    }

    /// A step after an evaluation from its JSON body, taken by `actor` on request `id`, answered with the request as `reader` sees it.
    static func step<Body: EvaluationStepBody>(_ bodyType: Body.Type, _ request: Request, context: AppRequestContext, on id: String,
                                               by actor: RequestActor, named actorName: String, intake: RequestIntake, store: some RequestStore,
                                               reader: TimelineReader) async throws -> RequestDetailView {
        let step = try await JSONBody.read(bodyType, request, context: context).step()
        let change = RequestChange(requestID: id, step: step, actor: actor, actorName: actorName, at: Date(), policy: intake.evaluation,
                                   acknowledgement: intake.acknowledgement)
        return try await outcome(try await store.transitionRequest(change), store: store, reader: reader)
    }

    /// The 409 of an evaluation step its rules refuse.
    static func evaluationConflict(_ problem: EvaluationRules.Problem) -> APIError {
        let text = evaluationProblem(problem)
        return .conflict(zh: text.zh, en: text.en)
    }

    /// Why an evaluation step was refused, in Chinese and in English.
    static func evaluationProblem(_ problem: EvaluationRules.Problem) -> (zh: String, en: String) {
        switch problem {
        case .alreadyEvaluated: ("此需求已评价，评价提交后不能修改", "this request has been evaluated; an evaluation is final")
        case .windowClosed(let date):
            ("评价期已于 \(WorkingCalendar.china.civilDay(of: date)) 结束", "evaluation closed on \(WorkingCalendar.china.civilDay(of: date))")
        case .notEvaluated: ("企业尚未评价此需求", "the firm has not evaluated this request")
        case .notBadReview: ("此评价不是差评（或已撤销），无需整改或申诉", "the review is not a bad one (or was set aside)")
        case .alreadyAnswered: ("已反馈过整改情况", "the follow-up has been recorded already")
        case .alreadyReached: ("已联系到企业，回访已完成", "the firm has been reached; the callback is done")
        case .alreadyAppealed: ("此评价已申诉过，每条评价只能申诉一次", "the review has been appealed already; one appeal per review")
        case .notAppealed: ("此评价没有待复核的申诉", "the review has not been appealed")
        case .alreadyDecided: ("申诉已复核", "the appeal has been decided already")
        case .notDue: ("整改未超期", "the follow-up is not past its deadline")
        }
    }

    /// Whether `station` is not serving, asked before a reassignment only so that a form reports every problem at once:
    /// the store refuses the reassignment again in its transaction, against the catalog as it is then.
    static func isUnavailable(_ station: String, in store: some CatalogStore) async throws -> Bool {
        try await store.station(id: station).map { $0.status == .active } != true
    }

    /// Why a caseworker was refused: none named where the station lists some, or one it does not list as active.
    static func caseworkerProblem(_ id: String?) -> APIError.FieldError {
        guard let id else {
            return .init(field: "caseworker", message: "请指定跟进此需求的服务专员", messageEn: "name the caseworker who follows this request")
        }
        return .init(field: "caseworker", message: "不是本站在岗的服务专员：\(id)", messageEn: "not an active caseworker of this station: \(id)")
    }

    static func promiseProblem(_ problem: RequestLifecycle.PromiseProblem) -> APIError.FieldError {
        switch problem {
        case .inThePast(let day): .init(field: "promised_on", message: "承诺日期 \(day) 早于今天", messageEn: "the promised day \(day) is before today")
        case .reasonMissing: .init(field: "reason", message: "必填：企业会看到原因", messageEn: "is required: the firm is told why")
        case .dayMissing: .init(field: "promised_on", message: "必填", messageEn: "is required")
        }
    }

    /// The answer to a reassignment to a station that is not serving.
    static func unavailable(_ station: String) -> APIError.FieldError {
        .init(field: "station", message: "服务站不存在或未在服务：\(station)", messageEn: "no active station \(station)")
    }
}
