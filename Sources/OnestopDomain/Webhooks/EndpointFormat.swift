import Foundation

/// What an endpoint is sent: Standard Webhooks JSON for a receiver of the station's own, or a message
/// for people in a group chat, through that platform's custom group robot.
public enum EndpointFormat: String, Sendable, Codable, CaseIterable {
    case standard
    /// 企业微信 custom group robot.
    case wecom
    /// 钉钉 custom group robot.
    case dingtalk
    /// 飞书 custom bot.
    case feishu

    public var isRobot: Bool { self != .standard }

    public var nameZh: String {
        switch self {
        case .standard: "标准 webhook"
        case .wecom: "企业微信"
        case .dingtalk: "钉钉"
        case .feishu: "飞书"
        }
    }

    /// How many messages the platform takes per robot; nil for standard receivers, which are not limited.
    public var defaultRate: EndpointRate? {
        switch self {
        case .standard: nil
        case .wecom, .dingtalk: EndpointRate(perMinute: 20)
        case .feishu: EndpointRate(perMinute: 100, perSecond: 5)
        }
    }

    /// Whether the endpoint's signing secret is chosen: a DingTalk or Feishu robot's, given by its platform
    /// (加签), can be set or removed; a standard endpoint's comes from onestop, and WeCom robots never sign.
    public var signs: Bool { self == .dingtalk || self == .feishu }

    /// What the robot's URL looks like, for messages: the exact address the chat app shows.
    public var urlExample: String? {
        switch self {
        case .standard: nil
        case .wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
        case .dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…"
        case .feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/…"
        }
    }

    /// Why `text` cannot be this format's URL, or nil when it can. A robot's URL must have its platform's
    /// shape, or be any loopback URL where `addresses` allows loopback (local imitations in tests and demos);
    /// a standard endpoint's host must be an address `addresses` allows, as far as its text tells.
    public func problem(withURL text: String, addresses: EndpointAddressPolicy) -> WebhookEndpoint.URLProblem? {
        if let problem = WebhookEndpoint.problem(withURL: text) { return problem }
        // What onestop shows of a robot's URL is cut short; sent back, it would replace the real token.
        if text.contains("…") || text.contains("%E2%80%A6") {
            return WebhookEndpoint.URLProblem("这是显示用的缩略网址，请粘贴聊天软件里的完整网址",
                                              "this is the shortened URL onestop shows; paste the full URL from the chat app")
        }
        if self == .standard {
            // A robot's URL would get Standard Webhooks JSON, which the platform refuses.
            for robot in Self.allCases where robot.isRobot && robot.problem(withURL: text, addresses: .publicOnly) == nil {
                return WebhookEndpoint.URLProblem("这是\(robot.nameZh)机器人的网址，请选择格式 \(robot.rawValue)",
                                                  "this is a \(robot.rawValue) robot's URL; choose the format \(robot.rawValue)")
            }
            guard let host = URLComponents(string: text)?.host, let refusal = addresses.refusal(ofHost: host) else { return nil }
            return WebhookEndpoint.URLProblem(refusal.zh, refusal.en)
        }
        guard let components = URLComponents(string: text), let host = components.host?.lowercased() else { return nil }
        if addresses.allowsLoopback && Self.isLoopback(host) { return nil }
        let query = components.queryItems ?? []
        func has(_ name: String) -> Bool { query.contains { $0.name == name && !($0.value ?? "").isEmpty } }
        let matches: Bool
        switch self {
        case .standard:
            matches = true
        case .wecom:
            matches = host == "qyapi.weixin.qq.com" && components.path == "/cgi-bin/webhook/send" && has("key")
        case .dingtalk:
            matches = host == "oapi.dingtalk.com" && components.path == "/robot/send" && has("access_token")
        case .feishu:
            let prefix = "/open-apis/bot/v2/hook/"
            matches = (host == "open.feishu.cn" || host == "open.larksuite.com") && components.path.hasPrefix(prefix)
                && components.path.count > prefix.count && !components.path.dropFirst(prefix.count).contains("/")
        }
        guard matches, components.scheme?.lowercased() == "https" else {
            return WebhookEndpoint.URLProblem("不是\(nameZh)机器人的网址，应形如 \(urlExample ?? "")",
                                              "not a \(rawValue) robot URL; it looks like \(urlExample ?? "")")
        }
        return nil
    }

    /// The URL with a robot's token (WeCom's `key`, DingTalk's `access_token`, Feishu's last path segment) cut to
    /// its last four characters: the token is the robot's credential, shown in full nowhere after it is added.
    public func redacted(_ url: String) -> String {
        guard isRobot, var components = URLComponents(string: url) else { return url }
        func shorten(_ token: String) -> String { token.count <= 4 ? "…" : "…" + token.suffix(4) }
        if let items = components.queryItems {
            components.queryItems = items.map { item in
                ["key", "access_token"].contains(item.name) ? URLQueryItem(name: item.name, value: shorten(item.value ?? "")) : item
            }
        }
        if self == .feishu, let hook = components.path.range(of: "/hook/") {
            let token = String(components.path[hook.upperBound...])
            if !token.isEmpty { components.path = components.path[..<hook.upperBound] + shorten(token) }
        }
        return (components.string ?? url).replacingOccurrences(of: "%E2%80%A6", with: "…")
    }

    /// localhost, or a loopback address in any spelling.
    static func isLoopback(_ host: String) -> Bool {
        EndpointAddressPolicy.publicOnly.refusal(ofHost: host)?.scope == .loopback
    }
}

extension EndpointFormat {
    /// What is wrong with a robot's settings for this format: a secret where the platform has no signing,
    /// a keyword other than DingTalk's, mentions where the platform cannot mention by mobile, bad numbers.
    /// `secret` nil means none given; standard endpoints get theirs from onestop.
    public func problems(secret: String?, keyword: String?, mentions: [String], rate: EndpointRate?) -> [EndpointFieldProblem] {
        var problems: [EndpointFieldProblem] = []
        func add(_ field: String, _ zh: String, _ en: String) { problems.append(EndpointFieldProblem(field: field, zh: zh, en: en)) }
        if let secret {
            switch self {
            case .standard: add("secret", "标准 webhook 的密钥由 onestop 生成", "a standard endpoint's secret is generated by onestop")
            case .wecom: add("secret", "企业微信机器人没有加签，网址中的 key 即是密钥", "WeCom robots have no signing; the key in the URL is the secret")
            case .dingtalk, .feishu:
                if secret.isEmpty || secret.count > 200 || secret.contains(where: { $0.isWhitespace || !$0.isASCII }) {
                    add("secret", "应为机器人设置页显示的加签密钥（不含空格）", "must be the signing secret the robot's settings show, without spaces")
                }
            }
        }
        if let keyword {
            if self != .dingtalk {
                add("keyword", "只有钉钉机器人有自定义关键词", "only DingTalk robots have keywords")
            } else {
                switch TextRule.line(20).check(keyword) {
                case .success(let checked) where checked.isEmpty: add("keyword", "应为 1 至 20 个字符", "must be 1 to 20 characters")
                case .failure(let problem): add("keyword", problem.zh, problem.en)
                case .success: break
                }
            }
        }
        if !mentions.isEmpty {
            if self != .wecom && self != .dingtalk {
                add("mention_mobiles", "只有企业微信和钉钉可以按手机号提醒", "only WeCom and DingTalk mention people by mobile number")
            } else if mentions.count > 20 {
                add("mention_mobiles", "最多 20 个手机号", "at most 20 mobile numbers")
            }
            for (index, mobile) in mentions.enumerated() where Self.mobile(mobile) == nil {
                add("mention_mobiles[\(index)]", "不是手机号：\(mobile)", "not a mobile number: \(mobile)")
            }
        }
        if let rate {
            if let perMinute = rate.perMinute, !(1...10_000).contains(perMinute) {
                add("rate_limit.per_minute", "应为 1 至 10000", "must be from 1 to 10000")
            }
            if let perSecond = rate.perSecond, !(1...1_000).contains(perSecond) {
                add("rate_limit.per_second", "应为 1 至 1000", "must be from 1 to 1000")
            }
        }
        return problems
    }

    /// A mainland mobile number in its canonical form (`13800001234`), or nil.
    public static func mobile(_ text: String) -> String? {
        guard let number = PhoneNumber.normalize(text), !number.contains("-") else { return nil }
        return number
    }
}
