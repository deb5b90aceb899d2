import OnestopDomain

/// Staff's `POST /api/v1/requests/{id}/callback`: whether the firm was reached, and what it said or why it was not.
struct CallbackBody: EvaluationStepBody {
    var reached: Sent<Bool>
    var note: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reached, note
    }

    typealias Field = CodingKeys

    func step() throws -> EvaluationStep {
        var errors: [APIError.FieldError] = []
        let reached = self.reached.value
        if reached == nil {
            errors.append(.init(field: "reached", message: "必填，应为 true 或 false", messageEn: "is required: true or false"))
        }
        let note = Self.requiredText(note, field: "note", errors: &errors)
        guard errors.isEmpty, let reached, let note else { throw APIError.validationFailed(errors) }
        return .callback(reached: reached, note: note)
    }
}
