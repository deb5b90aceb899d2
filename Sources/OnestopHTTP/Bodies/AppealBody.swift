import OnestopDomain

/// A station's `POST /api/v1/station/requests/{id}/appeal`: why the review is mistaken or malicious.
struct AppealBody: EvaluationStepBody {
    var reason: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reason
    }

    typealias Field = CodingKeys

    func step() throws -> EvaluationStep {
        var errors: [APIError.FieldError] = []
        guard let reason = Self.requiredText(reason, field: "reason", errors: &errors) else { throw APIError.validationFailed(errors) }
        return .appeal(reason: reason)
    }
}
