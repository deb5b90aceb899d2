import Foundation
import OnestopDomain

/// A request's evaluation as a row of `evaluation`: one per request, its follow-up and appeal beside it.
package struct EvaluationRecord: Codable, TableRow {
    package static let table = "evaluation"
    package var requestId: String
    package var stationId: String?
    package var caseworkerId: String?
    package var caseworkerName: String?
    package var caseworkerPhone: String?
    package var overall: String
    package var efficiency: String?
    package var proficiency: String?
    package var attitude: String?
    package var comment: String?
    package var evaluatedAt: Int64
    package var followUpDue: Int64?
    package var followUpAnswer: String?
    package var followUpAnsweredAt: Int64?
    package var followUpAnsweredBy: String?
    package var callbackReached: Bool?
    package var callbackNote: String?
    package var callbackAt: Int64?
    package var callbackBy: String?
    package var followUpEscalatedAt: Int64?
    package var appealReason: String?
    package var appealedAt: Int64?
    package var appealedBy: String?
    package var appealDecision: String?
    package var appealDecisionReason: String?
    package var appealDecidedAt: Int64?
    package var appealDecidedBy: String?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case requestId = "request_id", stationId = "station_id", caseworkerId = "caseworker_id", caseworkerName = "caseworker_name",
            caseworkerPhone = "caseworker_phone", overall, efficiency, proficiency, attitude, comment, evaluatedAt = "evaluated_at",
            followUpDue = "follow_up_due", followUpAnswer = "follow_up_answer", followUpAnsweredAt = "follow_up_answered_at",
            followUpAnsweredBy = "follow_up_answered_by", callbackReached = "callback_reached", callbackNote = "callback_note",
            callbackAt = "callback_at", callbackBy = "callback_by", followUpEscalatedAt = "follow_up_escalated_at",
            appealReason = "appeal_reason", appealedAt = "appealed_at", appealedBy = "appealed_by", appealDecision = "appeal_decision",
            appealDecisionReason = "appeal_decision_reason", appealDecidedAt = "appeal_decided_at", appealDecidedBy = "appeal_decided_by"
    }

    package init(_ evaluation: Evaluation) {
        requestId = evaluation.requestID
        stationId = evaluation.station
        caseworkerId = evaluation.caseworker?.id
        caseworkerName = evaluation.caseworker?.name
        caseworkerPhone = evaluation.caseworker?.phone
        overall = evaluation.ratings.overall.rawValue
        efficiency = evaluation.ratings.efficiency?.rawValue
        proficiency = evaluation.ratings.proficiency?.rawValue
        attitude = evaluation.ratings.attitude?.rawValue
        comment = evaluation.comment
        evaluatedAt = Milliseconds.from(evaluation.evaluatedAt)
        let followUp = evaluation.followUp
        followUpDue = followUp.map { Milliseconds.from($0.dueAt) }
        followUpAnswer = followUp?.answer
        followUpAnsweredAt = followUp?.answeredAt.map(Milliseconds.from)
        followUpAnsweredBy = followUp?.answeredBy
        callbackReached = followUp?.callback?.reached
        callbackNote = followUp?.callback?.note
        callbackAt = followUp?.callback.map { Milliseconds.from($0.at) }
        callbackBy = followUp?.callback?.by
        followUpEscalatedAt = followUp?.escalatedAt.map(Milliseconds.from)
        let appeal = evaluation.appeal
        appealReason = appeal?.reason
        appealedAt = appeal.map { Milliseconds.from($0.at) }
        appealedBy = appeal?.by
        appealDecision = appeal?.decision?.rawValue
        appealDecisionReason = appeal?.decisionReason
        appealDecidedAt = appeal?.decidedAt.map(Milliseconds.from)
        appealDecidedBy = appeal?.decidedBy
    }

    /// The evaluation; a level this build does not know (written by a newer one) reads as absent, the overall as 基本满意.
    package var evaluation: Evaluation {
        let level = { (raw: String?) in raw.flatMap(SatisfactionLevel.init(rawValue:)) }
        var followUp: Evaluation.FollowUp?
        if let followUpDue {
            followUp = Evaluation.FollowUp(
                dueAt: Milliseconds.date(followUpDue), answer: followUpAnswer, answeredAt: followUpAnsweredAt.map(Milliseconds.date),
                answeredBy: followUpAnsweredBy,
                callback: callbackAt.map { Evaluation.Callback(reached: callbackReached ?? false, note: callbackNote ?? "", at: Milliseconds.date($0),
                                                              by: callbackBy ?? "") },
                escalatedAt: followUpEscalatedAt.map(Milliseconds.date))
        }
        return Evaluation(
            requestID: requestId, station: stationId,
            caseworker: caseworkerId.map { Caseworker(id: $0, name: caseworkerName ?? "", phone: caseworkerPhone ?? "") },
            ratings: Evaluation.Ratings(overall: level(overall) ?? .basicallySatisfied, efficiency: level(efficiency),
                                        proficiency: level(proficiency), attitude: level(attitude)),
            comment: comment, evaluatedAt: Milliseconds.date(evaluatedAt), followUp: followUp,
            appeal: appealedAt.map { Evaluation.Appeal(
                reason: appealReason ?? "", at: Milliseconds.date($0), by: appealedBy ?? "",
                decision: appealDecision.flatMap(Evaluation.Decision.init(rawValue:)), decisionReason: appealDecisionReason,
                decidedAt: appealDecidedAt.map(Milliseconds.date), decidedBy: appealDecidedBy) })
    }
}
