/// Why a station that offers the service was not a candidate.
public enum RoutingExclusion: String, Codable, Sendable, CaseIterable {
    case suspended
    case atCapacity = "at_capacity"
    case declined
    case modeNotOffered = "mode_not_offered"

    public var reasonZh: String {
        switch self {
        case .suspended: "服务站暂停服务"
        case .atCapacity: "服务站承接已满"
        case .declined: "服务站已退回此需求"
        case .modeNotOffered: "不提供所需的服务方式"
        }
    }

    public var reasonEn: String {
        switch self {
        case .suspended: "the station is suspended"
        case .atCapacity: "the station is at capacity"
        case .declined: "the station already declined this request"
        case .modeNotOffered: "the requested mode is not offered"
        }
    }
}
