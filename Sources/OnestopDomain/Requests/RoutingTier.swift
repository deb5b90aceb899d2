/// Why a candidate ranks where it does.
public enum RoutingTier: Int, Codable, Sendable, Comparable, CaseIterable {
    case preferred = 0
    case sameRegion = 1
    case industry = 2
    case platform = 3
    case other = 4

    public static func < (lhs: RoutingTier, rhs: RoutingTier) -> Bool { lhs.rawValue < rhs.rawValue }

    public var reasonZh: String {
        switch self {
        case .preferred: "企业指定的服务站"
        case .sameRegion: "与企业同一地区"
        case .industry: "熟悉企业所在行业"
        case .platform: "市级平台兜底承接"
        case .other: "其他提供该服务的服务站"
        }
    }

    public var reasonEn: String {
        switch self {
        case .preferred: "the station the firm asked for"
        case .sameRegion: "in the firm's own region"
        case .industry: "knows the firm's industry"
        case .platform: "the municipal platform, the fallback"
        case .other: "another station offering the service"
        }
    }
}
