/// What can be done to a request.
public enum RequestAction: String, Codable, Sendable, CaseIterable {
    case assign, accept, decline, progress, complete, cancel, escalate, reassign, closeUnserviceable = "close_unserviceable"
    /// The station names another caseworker to follow the request.
    case nameCaseworker = "caseworker"
    /// The station moves the promised day, with a reason the firm sees.
    case reschedule
    /// onestop found the request past its promised day (once).
    case flagOverdue = "overdue"
}
