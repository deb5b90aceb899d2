/// Where a service request stands. Every change is a `RequestTransition` checked by `RequestLifecycle`.
public enum RequestStatus: String, Codable, Sendable, CaseIterable {
    /// Received; not yet given to a station.
    case submitted
    /// Given to a station, waiting for it to accept.
    case assigned
    /// The station has taken it on.
    case accepted
    /// The station is working on it.
    case inProgress = "in_progress"
    /// Done; the station reported the outcome.
    case completed
    /// Withdrawn by the firm.
    case cancelled
    /// Closed by the platform as something no one can serve, with a reason the firm sees.
    case unserviceable

    /// Whether nothing more can happen to the request.
    public var isFinal: Bool {
        switch self {
        case .completed, .cancelled, .unserviceable: true
        default: false
        }
    }

    /// Whether the request counts against its station's capacity.
    public var isOpen: Bool { !isFinal && self != .submitted }

    public var nameZh: String {
        switch self {
        case .submitted: "已提交"
        case .assigned: "已分派"
        case .accepted: "已受理"
        case .inProgress: "办理中"
        case .completed: "已办结"
        case .cancelled: "已撤回"
        case .unserviceable: "无法办理"
        }
    }
}
