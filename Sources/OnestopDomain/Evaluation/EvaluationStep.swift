/// One step of an evaluation's life: the firm's rating, the station's follow-up, the callback, an appeal
/// and its review, and the escalation of a follow-up left unanswered. Each is a `RequestAction` too.
public enum EvaluationStep: Sendable, Equatable {
    /// The firm rates the service, once.
    case rate(Evaluation.Ratings, comment: String?)
    /// The station records what it did about a bad review; the firm sees it.
    case answer(String)
    /// Staff record the callback to the firm: whether it was reached and what it said.
    case callback(reached: Bool, note: String)
    /// The station appeals a bad review as mistaken or malicious.
    case appeal(reason: String)
    /// Staff uphold the review or set it aside.
    case review(Evaluation.Decision, reason: String)
    /// onestop found the follow-up past its deadline unanswered (once).
    case escalate

    /// The action the step is taken as.
    public var action: RequestAction {
        switch self {
        case .rate: .evaluate
        case .answer: .answerFollowUp
        case .callback: .recordCallback
        case .appeal: .appeal
        case .review: .reviewAppeal
        case .escalate: .escalateFollowUp
        }
    }
}
