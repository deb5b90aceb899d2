/// What can be done to a request.
public enum RequestAction: String, Codable, Sendable, CaseIterable {
    case assign, accept, decline, progress, complete, cancel, escalate, reassign, closeUnserviceable = "close_unserviceable"
}
