/// What a webhook tells its receiver.
public enum WebhookEventType: String, Codable, Sendable, CaseIterable, Comparable {
    /// To the station now responsible for a request.
    case requestAssigned = "request.assigned"
    /// To a station that no longer has a request (re-routed, escalated, reassigned, cancelled or closed).
    case requestWithdrawn = "request.withdrawn"
    /// To the platform: a firm cancelled.
    case requestCancelled = "request.cancelled"
    /// To the platform: a request passed its deadline and came up to it.
    case requestEscalated = "request.escalated"
    /// To the platform: an accepted request passed its promised day without being completed (once per promise).
    case requestOverdue = "request.overdue"
    /// To the station that served and the platform: the firm evaluated the service.
    case requestEvaluated = "request.evaluated"
    /// To the station that served and the platform: the evaluation is a bad review, which the station must follow up.
    case requestBadReview = "request.bad_review"
    /// To the platform: a bad review's follow-up passed its deadline unanswered (once).
    case requestFollowUpEscalated = "request.follow_up_escalated"
    /// To the platform: any change of status, for monitoring.
    case requestStatusChanged = "request.status_changed"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
