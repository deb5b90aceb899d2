import OnestopDomain

/// The group-chat robots a station can be reached through instead of a webhook receiver of its own.
public enum RobotPlatform: String, Sendable, CaseIterable, Codable {
    /// 企业微信 custom group robot.
    case wecom
    /// 钉钉 custom group robot.
    case dingtalk
    /// 飞书 custom bot.
    case feishu

    public var nameZh: String {
        switch self {
        case .wecom: "企业微信"
        case .dingtalk: "钉钉"
        case .feishu: "飞书"
        }
    }

    /// The most bytes of a message the platform takes: WeCom counts the markdown content, DingTalk and
    /// Feishu the whole body.
    var maxBytes: Int {
        switch self {
        case .wecom: 4_096
        case .dingtalk: 20_000
        case .feishu: 20 * 1_024
        }
    }

    /// WeCom's limit for a text message's content (used when it must mention people by mobile).
    static let weComTextLimit = 2_048

    /// The bytes of a title kept: DingTalk's markdown title (what the conversation list shows) and
    /// Feishu's card header. Neither platform publishes a number; these keep a title on one line of a
    /// phone's list, and well within any limit seen in the platforms' answers.
    static let dingTalkTitleLimit = 100
    static let feishuTitleLimit = 150

    /// How long to wait after the platform says a robot sent too much: DingTalk blocks the robot for
    /// ten minutes, the others count per minute.
    public var throttledPause: Duration {
        switch self {
        case .wecom, .feishu: .seconds(60)
        case .dingtalk: .seconds(600)
        }
    }

    /// The platform of an endpoint's format; nil for standard webhooks.
    public init?(_ format: EndpointFormat) {
        switch format {
        case .standard: return nil
        case .wecom: self = .wecom
        case .dingtalk: self = .dingtalk
        case .feishu: self = .feishu
        }
    }
}
