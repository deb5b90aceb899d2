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

    /// How the firm's phone is shown: masked (`138****1234`) unless the station asked for it in full.
    public var contact: RobotContact

    public init(platform: RobotPlatform, keyword: String? = nil, mentions: [String] = [], contact: RobotContact = .masked) {
        self.platform = platform
        self.keyword = keyword
        self.mentions = mentions
        self.contact = contact
    }

    /// The JSON body for `notice`. `now` is when it is sent (for "明天17:00"); `baseURL` is where stations reach the console.
    public func body(for notice: RobotNotice, baseURL: String, now: Date) -> [UInt8] {
        body(headline: notice.headline, facts: notice.facts(now: now, contact: contact), link: notice.consoleLink(baseURL: baseURL),
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

    /// Every piece of `headline` and `facts` may hold a firm's text, and is made inert for the platform's
    /// format (`RobotText`); the keyword, the mentions and the link are onestop's and stay as they are.
    func body(headline: String, facts: [String], link: String, highlighted: Bool) -> [UInt8] {
        func titled(_ text: String) -> String {
            guard let keyword, !keyword.isEmpty, !text.contains(keyword) else { return text }
            return "【\(keyword)】" + text
        }
        func plain(_ text: String) -> String { RobotText.inert(text, markdown: false) }
        func markdown(_ text: String) -> String { RobotText.inert(text, markdown: true) }
        switch platform {
        case .wecom where !mentions.isEmpty:
            // Markdown cannot mention by mobile number; a text message can.
            let text = fit([titled(plain(headline))] + facts.map(plain), tail: "处理：\(link)", limit: RobotPlatform.weComTextLimit) { $0.utf8.count }
            return json(["msgtype": "text", "text": ["content": text, "mentioned_mobile_list": mentions]])
        case .wecom:
            let content = fit(["**\(titled(markdown(headline)))**"] + facts.map { "> " + markdown($0) }, tail: "[在控制台处理](\(link))",
                              limit: platform.maxBytes) { $0.utf8.count }
            return json(["msgtype": "markdown", "markdown": ["content": content]])
        case .dingtalk:
            let at = mentions.map { "@\($0)" }.joined(separator: " ")
            let title = Self.cut(titled(plain(headline)), toBytes: RobotPlatform.dingTalkTitleLimit)
            let body = { (text: String) in
                json(["msgtype": "markdown", "markdown": ["title": title, "text": text], "at": ["atMobiles": mentions, "isAtAll": false]])
            }
            let text = fit(["### \(titled(markdown(headline)))"] + facts.map { "- " + markdown($0) },
                           tail: "[在控制台处理](\(link))" + (at.isEmpty ? "" : "\n\n" + at), limit: platform.maxBytes) { body($0).count }
            return body(text)
        case .feishu:
            let template = highlighted ? "blue" : "grey"
            let title = Self.cut(plain(headline), toBytes: RobotPlatform.feishuTitleLimit)
            let body = { (content: String) in
                json([
                    "msg_type": "interactive",
                    "card": [
                        "header": ["title": ["tag": "plain_text", "content": title], "template": template],
                        "elements": [["tag": "div", "text": ["tag": "lark_md", "content": content]]],
                    ],
                ])
            }
            // Room for the signature fields added at each attempt.
            let content = fit(facts.map(markdown), tail: "[在控制台处理](\(link))", limit: platform.maxBytes - 128) { body($0).count }
            return body(content)
        }
    }

    /// `text` within `limit` UTF-8 bytes, cut at a character and ended with "…" when it is longer.
    static func cut(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var used = "…".utf8.count
        for character in text {
            let size = character.utf8.count
            if used + size > limit { break }
            result.append(character)
            used += size
        }
        return result + "…"
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

    private func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }
}
