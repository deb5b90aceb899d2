import Foundation
import OnestopDomain

/// The firm's own evaluation as it sees it: what it gave and, for a bad review, the station's answer.
/// An appeal is between the station and the platform and is not shown here.
struct FirmEvaluationView: Encodable {
    var ratings: RatingsView
    var comment: String?
    var evaluatedAt: Date
    /// For a bad review: the day the station answers by, and its answer once given.
    var followUp: FollowUp?

    struct FollowUp: Encodable {
        var dueAt: Date
        var answer: String?
        var answeredAt: Date?

        enum CodingKeys: String, CodingKey {
            case dueAt = "due_at", answer, answeredAt = "answered_at"
        }
    }

    init(_ evaluation: Evaluation) {
        ratings = RatingsView(evaluation.ratings)
        comment = evaluation.comment
        evaluatedAt = evaluation.evaluatedAt
        followUp = evaluation.followUp.map { FollowUp(dueAt: $0.dueAt, answer: $0.answer, answeredAt: $0.answeredAt) }
    }

    enum CodingKeys: String, CodingKey {
        case ratings, comment, evaluatedAt = "evaluated_at", followUp = "follow_up"
    }
}
