import Foundation
import OnestopDomain

/// A group-robot message for an event: the body to post, in the shape each platform wants, within its size
/// limit. When the text is too long it is cut at a character (never inside one) and marked with "…"; the
/// console link is always kept.
public struct RobotMessage: Sendable {
    public var platform: RobotPlatform
    /// DingTalk robots created with a keyword reject messages without it; it is put in front when missing.
    public var keyword: String?
    /// Mobile numbers to mention (WeCom and DingTalk).
    public var mentions: [String]

    public init(platform: RobotPlatform, keyword: String? = nil, mentions: [String] = []) {
        self.platform = platform
        self.keyword = keyword
        self.mentions = mentions
    }

    /// The JSON body for `notice`. `now` is when it is sent (for "明天17:00"); `baseURL` is where stations reach the console.
    public func body(for notice: RobotNotice, baseURL: String, now: Date) -> [UInt8] {
        body(headline: notice.headline, facts: notice.facts(now: now), link: notice.consoleLink(baseURL: baseURL),
             highlighted: notice.type == .requestAssigned)
    }

    /// The message `onestop endpoints test` sends, so that whoever set the robot up sees it arrive.
    public func testBody(station: String, baseURL: String, now: Date) -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = WorkingCalendar.china.timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let time = formatter.string(from: now)
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return body(headline: "onestop 测试消息：\(station) 的新需求会发到这个群", facts: ["发送时间：\(time)", "收到这条消息说明机器人设置正确，无需回复。"],
                    link: base + "/console", highlighted: false)
    }

    func body(headline: String, facts: [String], link: String, highlighted: Bool) -> [UInt8] {
        var headline = headline
        if let keyword, !keyword.isEmpty, !headline.contains(keyword) { headline = "【\(keyword)】" + headline }
        switch platform {
        case .wecom where !mentions.isEmpty:
            // Markdown cannot mention by mobile number; a text message can.
            let text = fit([headline] + facts, tail: "处理：\(link)", limit: RobotPlatform.weComTextLimit) { $0.utf8.count }
            return json(["msgtype": "text", "text": ["content": text, "mentioned_mobile_list": mentions]])
        case .wecom:
            let content = fit(["**\(Self.escape(headline))**"] + facts.map { "> " + Self.escape($0) }, tail: "[在控制台处理](\(link))",
                              limit: platform.maxBytes) { $0.utf8.count }
            return json(["msgtype": "markdown", "markdown": ["content": content]])
        case .dingtalk:
            let at = mentions.map { "@\($0)" }.joined(separator: " ")
            let title = String(headline.prefix(60))
            let body = { (text: String) in
                json(["msgtype": "markdown", "markdown": ["title": title, "text": text], "at": ["atMobiles": mentions, "isAtAll": false]])
            }
            let text = fit(["### \(Self.escape(headline))"] + facts.map { "- " + Self.escape($0) },
                           tail: "[在控制台处理](\(link))" + (at.isEmpty ? "" : "\n\n" + at), limit: platform.maxBytes) { body($0).count }
            return body(text)
        case .feishu:
            let template = highlighted ? "blue" : "grey"
            let body = { (content: String) in
                json([
                    "msg_type": "interactive",
                    "card": [
                        "header": ["title": ["tag": "plain_text", "content": String(headline.prefix(100))], "template": template],
                        "elements": [["tag": "div", "text": ["tag": "lark_md", "content": content]]],
                    ],
                ])
            }
            // Room for the signature fields added at each attempt.
            let content = fit(facts.map(Self.escape), tail: "[在控制台处理](\(link))", limit: platform.maxBytes - 128) { body($0).count }
            return body(content)
        }
    }

    /// The lines joined, then the tail; when `size` of that is over `limit`, the lines are cut at a
    /// character, as late as fits, and end with "…".
    private func fit(_ lines: [String], tail: String, limit: Int, size: (String) -> Int) -> String {
        func assemble(_ head: String) -> String { head + "\n\n" + tail }
        let whole = lines.joined(separator: "\n")
        if size(assemble(whole)) <= limit { return assemble(whole) }
        let characters = Array(whole)
        var low = 0, high = characters.count
        while low < high {
            let middle = (low + high + 1) / 2
            if size(assemble(String(characters[..<middle]) + "…")) <= limit { low = middle } else { high = middle - 1 }
        }
        return assemble(String(characters[..<low]) + "…")
    }

    /// Keeps text from being read as markdown links or markup it did not mean.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "[", "]", "(", ")", "*", "_", "`", "#": result += "\\\(character)"
            // WeCom reads <font …> and <@user> as markup whatever precedes them: shown as full-width brackets instead.
            case "<": result += "＜"
            case ">": result += "＞"
            case "\n", "\r": result += " "
            default: result.append(character)
            }
        }
        return result
    }

    private func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }
}
