import Foundation

/// What each step does to a request's evaluation, and when it is refused. Who may take a step, and in
/// which status of the request, is `RequestLifecycle`'s to say; these are the evaluation's own rules.
public enum EvaluationRules {
    /// Why a step is refused: the caller answers 409 with the reason.
    public enum Problem: Error, Sendable, Equatable {
        /// 一事一评: the request has its evaluation already, and it is final.
        case alreadyEvaluated
        /// The window closed at the given moment.
        case windowClosed(Date)
        /// The request has no evaluation yet.
        case notEvaluated
        /// The review is not a bad one (or was set aside), so there is nothing to follow up or appeal.
        case notBadReview
        /// The station has recorded its follow-up already.
        case alreadyAnswered
        /// The firm was reached already.
        case alreadyReached
        /// The review has been appealed already (one appeal per review).
        case alreadyAppealed
        /// There is no appeal to review.
        case notAppealed
        /// The appeal has been decided already.
        case alreadyDecided
        /// The follow-up is not past its deadline, is answered, or was escalated already.
        case notDue
    }

    /// The outcome of a step: the evaluation after it, the timeline text, and years the follow-up's deadline fell in
    /// that the calendar has no notice for.
    public struct Outcome: Sendable, Equatable {
        public var evaluation: Evaluation
        public var note: String
        public var uncoveredYears: Set<Int>
    }

    /// - Parameter actorName: who takes the step, as the timeline names them.
    public static func apply(_ step: EvaluationStep, to existing: Evaluation?, of request: ServiceRequest, actorName: String, at now: Date, policy: EvaluationPolicy, calendar: WorkingCalendar) -> Result<Outcome, Problem>
    {
        switch step {
        case .rate(let ratings, let comment):
            guard existing == nil else { return .failure(.alreadyEvaluated) }
            return rate(request, ratings: ratings, comment: comment, at: now, policy: policy, calendar: calendar)
        case .answer(let text):
            return amend(existing) { _, followUp in
                guard followUp.answeredAt == nil else { return .failure(.alreadyAnswered) }
                followUp.answer = text
                followUp.answeredAt = now
                followUp.answeredBy = actorName
                return .success("整改反馈：\(text) (the station's follow-up)")
            }
        case .callback(let reached, let text):
            return amend(existing) { _, followUp in
                guard followUp.callback?.reached != true else { return .failure(.alreadyReached) }
                followUp.callback = Evaluation.Callback(reached: reached, note: text, at: now, by: actorName)
                return .success(reached ? "回访：已联系到企业。\(text) (callback: reached)" : "回访：未联系到企业。\(text) (callback: not reached)")
            }
        case .appeal(let reason):
            return amend(existing) { evaluation, _ in
                guard evaluation.appeal == nil else { return .failure(.alreadyAppealed) }
                evaluation.appeal = Evaluation.Appeal(reason: reason, at: now, by: actorName)
                return .success("申诉：\(reason) (appeal)")
            }
        case .review(let decision, let reason):
            return amend(existing) { evaluation, _ in
                guard var appeal = evaluation.appeal else { return .failure(.notAppealed) }
                guard appeal.decision == nil else { return .failure(.alreadyDecided) }
                appeal.decision = decision
                appeal.decisionReason = reason
                appeal.decidedAt = now
                appeal.decidedBy = actorName
                evaluation.appeal = appeal
                return .success("复核：\(decision.nameZh)。\(reason) (review: \(decision.rawValue))")
            }
        case .escalate:
            return amend(existing) { evaluation, followUp in
                guard evaluation.followUpPastDeadline(at: now) else { return .failure(.notDue) }
                followUp.escalatedAt = now
                return .success("服务站未在期限内反馈整改情况，已告知市级平台 (no follow-up by the deadline; the platform has been told)")
            }
        }
    }

    private static func rate(_ request: ServiceRequest, ratings: Evaluation.Ratings, comment: String?, at now: Date,
                             policy: EvaluationPolicy, calendar: WorkingCalendar) -> Result<Outcome, Problem>
    {
        if let closes = policy.window(of: request), now > closes { return .failure(.windowClosed(closes)) }
        var evaluation = Evaluation(requestID: request.id, station: request.station, caseworker: request.caseworker, ratings: ratings,
                                    comment: comment, evaluatedAt: now)
        var note = "企业已评价：\(describe(ratings)) (the firm rated the service \(ratings.overall.nameEn))"
        var uncovered: Set<Int> = []
        if ratings.overall.isBad {
            let due = calendar.counting(workingDays: policy.followUpWorkingDays, after: now)
            uncovered = due.uncoveredYears
            evaluation.followUp = Evaluation.FollowUp(dueAt: due.value)
            let day = calendar.civilDay(of: due.value)
            note += "\n差评：服务站应于 \(day) 前反馈整改情况 (a bad review: the station answers by \(day))"
        }
        return .success(Outcome(evaluation: evaluation, note: note, uncoveredYears: uncovered))
    }

    /// A step on a bad review that still counts: `change` amends the evaluation and its follow-up and says what it did.
    private static func amend(_ existing: Evaluation?, _ change: (inout Evaluation, inout Evaluation.FollowUp) -> Result<String, Problem>)
        -> Result<Outcome, Problem>
    {
        guard var evaluation = existing else { return .failure(.notEvaluated) }
        guard evaluation.isBadReview, var followUp = evaluation.followUp else { return .failure(.notBadReview) }
        return change(&evaluation, &followUp).map { note in
            evaluation.followUp = followUp
            return Outcome(evaluation: evaluation, note: note, uncoveredYears: [])
        }
    }

    /// `整体满意度 满意；服务效率 非常满意`: the levels the firm gave, overall first.
    public static func describe(_ ratings: Evaluation.Ratings) -> String {
        EvaluationIndicator.allCases.compactMap { indicator in
            ratings[indicator].map { "\(indicator.nameZh) \($0.nameZh)" }
        }.joined(separator: "；")
    }
}
