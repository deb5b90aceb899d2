import Foundation
import OnestopDomain

/// An evaluation as the station that served and platform staff see it: the firm's levels and comment as
/// written, the follow-up of a bad review with the callback to the firm, and an appeal with its review.
struct EvaluationDetailView: Encodable {
    var ratings: RatingsView
    var comment: String?
    var evaluatedAt: Date
    /// An overall bad level that still counts.
    var badReview: Bool
    /// False once the review was set aside on appeal: it is kept, and left out of every figure.
    var counts: Bool
    var followUp: FollowUp?
    var appeal: Appeal?

    struct FollowUp: Encodable {
        var dueAt: Date
        var answer: String?
        var answeredAt: Date?
        var answeredBy: String?
        var answeredOnTime: Bool
        var escalatedAt: Date?
        var callback: Callback?

        enum CodingKeys: String, CodingKey {
            case dueAt = "due_at", answer, answeredAt = "answered_at", answeredBy = "answered_by", answeredOnTime = "answered_on_time",
                escalatedAt = "escalated_at", callback
        }
    }

    struct Callback: Encodable {
        var reached: Bool
        var note: String
        var at: Date
        var by: String
    }

    struct Appeal: Encodable {
        var reason: String
        var at: Date
        var by: String
        var decision: Evaluation.Decision?
        var decisionName: String?
        var decisionReason: String?
        var decidedAt: Date?
        var decidedBy: String?

        init(_ appeal: Evaluation.Appeal) {
            reason = appeal.reason
            at = appeal.at
            by = appeal.by
            decision = appeal.decision
            decisionName = appeal.decision?.nameZh
            decisionReason = appeal.decisionReason
            decidedAt = appeal.decidedAt
            decidedBy = appeal.decidedBy
        }

        enum CodingKeys: String, CodingKey {
            case reason, at, by, decision, decisionName = "decision_name", decisionReason = "decision_reason", decidedAt = "decided_at",
                decidedBy = "decided_by"
        }
    }

    init(_ evaluation: Evaluation) {
        ratings = RatingsView(evaluation.ratings)
        comment = evaluation.comment
        evaluatedAt = evaluation.evaluatedAt
        badReview = evaluation.isBadReview
        counts = evaluation.counts
        appeal = evaluation.appeal.map(Appeal.init)
        followUp = evaluation.followUp.map { followUp in
            FollowUp(dueAt: followUp.dueAt, answer: followUp.answer, answeredAt: followUp.answeredAt, answeredBy: followUp.answeredBy,
                     answeredOnTime: followUp.answeredOnTime, escalatedAt: followUp.escalatedAt,
                     callback: followUp.callback.map { Callback(reached: $0.reached, note: $0.note, at: $0.at, by: $0.by) })
        }
    }

    enum CodingKeys: String, CodingKey {
        case ratings, comment, evaluatedAt = "evaluated_at", badReview = "bad_review", counts, followUp = "follow_up", appeal
    }
}
