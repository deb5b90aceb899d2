import OnestopDomain

/// A station's `POST /api/v1/station/requests/{id}/follow-up`: what it did about a bad review, which the firm is shown.
struct FollowUpBody: EvaluationStepBody {
    var answer: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case answer
    }

    typealias Field = CodingKeys

    func step() throws -> EvaluationStep {
        var errors: [APIError.FieldError] = []
        guard let answer = Self.requiredText(answer, field: "answer", errors: &errors) else { throw APIError.validationFailed(errors) }
        return .answer(answer)
    }
}
