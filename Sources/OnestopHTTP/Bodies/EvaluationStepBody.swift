import OnestopDomain

/// The body of a step after an evaluation: a station's follow-up or appeal, staff's callback or review.
/// Each names only its own fields, so that `JSONBody` refuses any other as unknown.
protocol EvaluationStepBody: KeyedRequestBody {
    /// The step the body says, or a 400 naming every wrong or missing field.
    func step() throws -> EvaluationStep
}

extension EvaluationStepBody {
    /// A required note of up to `RequestNotes.maxLength` characters, or nil with the problem added to `errors`.
    static func requiredText(_ sent: Sent<String>, field: String, errors: inout [APIError.FieldError]) -> String? {
        switch sent {
        case .absent, .null:
            errors.append(.init(field: field, message: "必填", messageEn: "is required"))
            return nil
        case .wrongType:
            errors.append(.init(field: field, message: "应为文本", messageEn: "must be text"))
            return nil
        case .value(let value):
            switch RequestNotes.rule.check(value) {
            case .success(let checked) where checked.isEmpty:
                errors.append(.init(field: field, message: "必填", messageEn: "is required"))
                return nil
            case .success(let checked):
                return checked
            case .failure(let problem):
                errors.append(.init(field: field, problem))
                return nil
            }
        }
    }
}
