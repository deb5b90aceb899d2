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
            return RequestDetailView(stored.request, timeline: try await store.timeline(ofRequest: stored.request.id), reader: reader)
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
        case .refused(.invalidTransition(_, let action), let current):
            throw APIError.conflict(
                zh: "需求当前状态为“\(current.nameZh)”（\(current.rawValue)），不能\(action.rawValue)",
                en: "the request is \(current.rawValue); \(action.rawValue) is not possible now")
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
