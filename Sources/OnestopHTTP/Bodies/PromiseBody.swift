import OnestopDomain
import OnestopStore

/// `accept`, `caseworker` and `reschedule` on a station's request: the caseworker named, the promised day and
/// why it was set or moved, and a note. Which fields each action needs is checked by `fields(for:)`.
struct PromiseBody: KeyedRequestBody {
    var note: Sent<String>
    var isInternal: Sent<Bool>
    var caseworker: Sent<String>
    var promisedOn: Sent<String>
    var reason: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case note, isInternal = "internal", caseworker, promisedOn = "promised_on", reason
    }

    typealias Field = CodingKeys

    static let empty = PromiseBody(note: .absent, isInternal: .absent, caseworker: .absent, promisedOn: .absent, reason: .absent)

    /// The checked fields, or a 400 naming every wrong one.
    func fields(for action: RequestAction) throws -> (note: String?, isInternal: Bool, caseworker: String?, promise: RequestChange.Promise?) {
        var errors: [APIError.FieldError] = []
        func text(_ sent: Sent<String>, _ field: String, rule: TextRule) -> String? {
            if case .wrongType = sent {
                errors.append(.init(field: field, message: "应为文本", messageEn: "must be text"))
                return nil
            }
            switch rule.check(sent.value ?? "") {
            case .success(let checked): return checked.isEmpty ? nil : checked
            case .failure(let problem):
                errors.append(.init(field: field, problem))
                return nil
            }
        }
        let note = text(self.note, "note", rule: RequestNotes.rule)
        let caseworker = text(self.caseworker, "caseworker", rule: .line(40))
        let reason = text(self.reason, "reason", rule: RequestNotes.rule)
        var day: CivilDay?
        if let written = text(promisedOn, "promised_on", rule: .line(10)) {
            day = CivilDay(written)
            if day == nil { errors.append(.init(field: "promised_on", message: "应为日期，如 2026-10-20", messageEn: "must be a day like 2026-10-20")) }
        }
        if !isInternal.isAbsent, isInternal.value == nil {
            errors.append(.init(field: "internal", message: "应为 true 或 false", messageEn: "must be true or false"))
        }
        switch action {
        case .nameCaseworker where caseworker == nil && errors.allSatisfy({ $0.field != "caseworker" }):
            errors.append(.init(field: "caseworker", message: "必填", messageEn: "is required"))
        case .reschedule:
            if day == nil && promisedOn.isAbsent { errors.append(.init(field: "promised_on", message: "必填", messageEn: "is required")) }
            if reason == nil && errors.allSatisfy({ $0.field != "reason" }) {
                errors.append(.init(field: "reason", message: "必填：企业会看到调整原因", messageEn: "is required: the firm is told why"))
            }
        case .accept where day != nil && reason == nil && errors.allSatisfy({ $0.field != "reason" }):
            errors.append(.init(field: "reason", message: "自定承诺日期须说明原因，企业会看到", messageEn: "a promised day of your own needs a reason the firm sees"))
        default:
            break
        }
        if !errors.isEmpty { throw APIError.validationFailed(errors) }
        return (note, isInternal.value ?? false, caseworker, day.map { RequestChange.Promise(day: $0, reason: reason) })
    }
}
