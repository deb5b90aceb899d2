import OnestopDomain

/// Staff's `POST /api/v1/requests/{id}/appeal-review`: the review upheld or set aside, and why.
struct AppealDecisionBody: EvaluationStepBody {
    var decision: Sent<String>
    var reason: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case decision, reason
    }

    typealias Field = CodingKeys

    func step() throws -> EvaluationStep {
        var errors: [APIError.FieldError] = []
        let decision = self.decision.value.flatMap(Evaluation.Decision.init(rawValue:))
        if decision == nil {
            let choices = Evaluation.Decision.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(.init(field: "decision", message: "必填，可选：\(choices)", messageEn: "is required: one of \(choices)"))
        }
        let reason = Self.requiredText(reason, field: "reason", errors: &errors)
        guard errors.isEmpty, let decision, let reason else { throw APIError.validationFailed(errors) }
        return .review(decision, reason: reason)
    }
}
