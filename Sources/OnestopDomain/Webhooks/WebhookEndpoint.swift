import Foundation

/// Where a station's (or the platform's) systems want to hear about its requests.
public struct WebhookEndpoint: Sendable, Equatable, Codable {
    public var id: String
    public var station: String
    public var url: String
    /// Standard Webhooks JSON, or a group robot's message.
    public var format: EndpointFormat
    /// Whether attempts are signed: always for standard endpoints, and for robots created with a signing secret.
    public var signed: Bool
    /// A DingTalk robot's keyword (关键词): every message must contain it.
    public var keyword: String?
    /// Mobile numbers a robot's message mentions (WeCom and DingTalk).
    public var mentionMobiles: [String]
    /// A robot's way of showing the firm's phone; always full in signed webhooks.
    public var robotContact: RobotContact
    /// How many messages it may be sent, as configured or else its platform's limit; nil for no limit.
    public var rateLimit: EndpointRate?
    /// The events the endpoint wants; empty means every event its station receives.
    public var eventTypes: [WebhookEventType]
    public var description: String?
    public var enabled: Bool
    public var createdAt: Date
    public var updatedAt: Date
    /// Why and when it was last disabled, by staff or by onestop itself.
    public var disabledAt: Date?
    public var disabledReason: String?
    /// The first failure since the last success; nil while healthy.
    public var failingSince: Date?
    public var lastSuccessAt: Date?
    /// While the previous secret still signs beside the current one.
    public var previousSecretUntil: Date?
    /// Nothing is sent before this: the platform said the robot sent too much. Enabling the endpoint clears it.
    public var pausedUntil: Date?

    public init(id: String, station: String, url: String, format: EndpointFormat = .standard, signed: Bool = true, keyword: String? = nil,
                mentionMobiles: [String] = [], robotContact: RobotContact = .masked, rateLimit: EndpointRate? = nil, eventTypes: [WebhookEventType], description: String? = nil,
                enabled: Bool = true, createdAt: Date, updatedAt: Date, disabledAt: Date? = nil, disabledReason: String? = nil,
                failingSince: Date? = nil, lastSuccessAt: Date? = nil, previousSecretUntil: Date? = nil, pausedUntil: Date? = nil) {
        self.pausedUntil = pausedUntil
        self.id = id
        self.station = station
        self.url = url
        self.format = format
        self.signed = signed
        self.keyword = keyword
        self.mentionMobiles = mentionMobiles
        self.robotContact = robotContact
        self.rateLimit = rateLimit
        self.eventTypes = eventTypes
        self.description = description
        self.enabled = enabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.disabledAt = disabledAt
        self.disabledReason = disabledReason
        self.failingSince = failingSince
        self.lastSuccessAt = lastSuccessAt
        self.previousSecretUntil = previousSecretUntil
    }

    public func wants(_ type: WebhookEventType) -> Bool { eventTypes.isEmpty || eventTypes.contains(type) }

    /// The URL to show: a robot's token cut to its last four characters.
    public var displayURL: String { format.redacted(url) }

    /// Encodes `url` as `displayURL`, so that no answer carries a robot's token.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(station, forKey: .station)
        try container.encode(displayURL, forKey: .url)
        try container.encode(format, forKey: .format)
        try container.encode(signed, forKey: .signed)
        try container.encodeIfPresent(keyword, forKey: .keyword)
        try container.encode(mentionMobiles, forKey: .mentionMobiles)
        if format != .standard { try container.encode(robotContact, forKey: .robotContact) }
        try container.encodeIfPresent(rateLimit, forKey: .rateLimit)
        try container.encode(eventTypes, forKey: .eventTypes)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(disabledAt, forKey: .disabledAt)
        try container.encodeIfPresent(disabledReason, forKey: .disabledReason)
        try container.encodeIfPresent(failingSince, forKey: .failingSince)
        try container.encodeIfPresent(lastSuccessAt, forKey: .lastSuccessAt)
        try container.encodeIfPresent(previousSecretUntil, forKey: .previousSecretUntil)
        try container.encodeIfPresent(pausedUntil, forKey: .pausedUntil)
    }

    enum CodingKeys: String, CodingKey {
        case id, station, url, format, signed, keyword, mentionMobiles = "mention_mobiles", robotContact = "robot_contact", rateLimit = "rate_limit", eventTypes = "event_types", description, enabled, createdAt = "created_at", updatedAt = "updated_at"
        case disabledAt = "disabled_at", disabledReason = "disabled_reason", failingSince = "failing_since"
        case lastSuccessAt = "last_success_at", previousSecretUntil = "previous_secret_until", pausedUntil = "paused_until"
    }

    /// Why `text` cannot be an endpoint's URL, or nil when it can: absolute http or https, with a host,
    /// without credentials or a fragment, at most 2,000 characters.
    public static func problem(withURL text: String) -> URLProblem? {
        guard text.count <= 2000 else { return URLProblem("网址过长", "URL longer than 2,000 characters") }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return URLProblem("不是有效的网址", "not a valid URL")
        }
        guard scheme == "http" || scheme == "https" else { return URLProblem("只支持 http 和 https", "only http and https URLs are accepted") }
        guard let host = components.host, !host.isEmpty else { return URLProblem("网址缺少主机名", "the URL has no host") }
        guard components.user == nil, components.password == nil else {
            return URLProblem("网址不能包含用户名或密码", "URLs with credentials are refused")
        }
        guard components.fragment == nil else { return URLProblem("网址不能包含 # 片段", "URLs with a fragment are refused") }
        return nil
    }

    /// Why a URL cannot be an endpoint's, in Chinese and in English; printed as `中文 (English)`.
    public struct URLProblem: Sendable, Equatable, CustomStringConvertible {
        public var zh: String
        public var en: String

        init(_ zh: String, _ en: String) {
            self.zh = zh
            self.en = en
        }

        public var description: String { "\(zh) (\(en))" }
    }
}
