/// What can be done to a request.
public enum RequestAction: String, Codable, Sendable, CaseIterable {
    case assign, accept, decline, progress, complete, cancel, escalate, reassign, closeUnserviceable = "close_unserviceable"
    /// The station names another caseworker to follow the request.
    case nameCaseworker = "caseworker"
    /// The station moves the promised day, with a reason the firm sees.
    case reschedule
    /// onestop found the request past its promised day (once).
    case flagOverdue = "overdue"
    /// The firm evaluates the service (once, after it is completed or closed).
    case evaluate
    /// The station records what it did about a bad review.
    case answerFollowUp = "follow_up"
    /// Staff record the callback to the firm about its bad review.
    case recordCallback = "callback"
    /// The station appeals a bad review.
    case appeal
    /// Staff decide an appeal.
    case reviewAppeal = "review_appeal"
    /// onestop found a bad review's follow-up past its deadline (once).
    case escalateFollowUp = "follow_up_escalate"

    /// Whether the action is a step of the request's evaluation, leaving its status as it is.
    public var isEvaluationStep: Bool {
        switch self {
        case .evaluate, .answerFollowUp, .recordCallback, .appeal, .reviewAppeal, .escalateFollowUp: true
        default: false
        }
    }
}
