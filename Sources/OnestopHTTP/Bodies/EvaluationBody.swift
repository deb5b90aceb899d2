import OnestopDomain

/// A firm's `POST /api/v1/requests/{id}/evaluation`: the overall level, the indicators it chooses to rate,
/// and a comment of at most 500 characters.
struct EvaluationBody: KeyedRequestBody {
    var overall: Sent<String>
    var efficiency: Sent<String>
    var proficiency: Sent<String>
    var attitude: Sent<String>
    var comment: Sent<String>

    enum CodingKeys: String, CodingKey, CaseIterable {
        case overall, efficiency, proficiency, attitude, comment
    }

    typealias Field = CodingKeys

    static let commentLimit = 500

    /// The rating, or a 400 naming every wrong field.
    func step() throws -> EvaluationStep {
        var errors: [APIError.FieldError] = []
        let levels = SatisfactionLevel.allCases.map(\.rawValue).joined(separator: ", ")
        func level(_ sent: Sent<String>, _ field: String, required: Bool) -> SatisfactionLevel? {
            switch sent {
            case .absent, .null:
                if required { errors.append(.init(field: field, message: "必填，可选：\(levels)", messageEn: "is required: one of \(levels)")) }
                return nil
            case .wrongType:
                errors.append(.init(field: field, message: "应为文本，可选：\(levels)", messageEn: "must be one of \(levels)"))
                return nil
            case .value(let text):
                guard let level = SatisfactionLevel(rawValue: text) else {
                    errors.append(.init(field: field, message: "没有这一评价等级，可选：\(levels)", messageEn: "no such level; one of \(levels)"))
                    return nil
                }
                return level
            }
        }
        let overall = level(self.overall, "overall", required: true)
        let efficiency = level(self.efficiency, "efficiency", required: false)
        let proficiency = level(self.proficiency, "proficiency", required: false)
        let attitude = level(self.attitude, "attitude", required: false)
        var comment: String?
        switch self.comment {
        case .absent, .null: break
        case .wrongType: errors.append(.init(field: "comment", message: "应为文本", messageEn: "must be text"))
        case .value(let text):
            switch TextRule.multiline(Self.commentLimit).check(text) {
            case .success(let checked): comment = checked.isEmpty ? nil : checked
            case .failure(let problem): errors.append(.init(field: "comment", problem))
            }
        }
        guard errors.isEmpty, let overall else { throw APIError.validationFailed(errors) }
        return .rate(Evaluation.Ratings(overall: overall, efficiency: efficiency, proficiency: proficiency, attitude: attitude), comment: comment)
    }
}
