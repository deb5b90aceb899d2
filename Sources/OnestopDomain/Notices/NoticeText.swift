/// The words of a notice where onestop writes them itself (email, and a city's own SMS gateway, which takes
/// plain text): short, in Chinese, and each ending with how to stop. SMS providers send their approved templates
/// instead, filled with ``NoticeFacts``.
public enum NoticeText {
    /// The subject line of an email.
    public static func subject(_ event: NoticeEvent, facts: NoticeFacts) -> String {
        "【\(facts.requestID)】\(event.zh)"
    }

    /// One short paragraph: what happened, the link, and how to stop.
    public static func body(_ event: NoticeEvent, facts: NoticeFacts, link: String) -> String {
        var lines: [String] = []
        let service = facts.service.map { "（\($0)）" } ?? ""
        switch event {
        case .received:
            lines.append("您的服务需求 \(facts.requestID)\(service)已收到，我们将尽快安排服务站办理。")
        case .accepted:
            var line = "您的服务需求 \(facts.requestID) 已由\(facts.station ?? "服务站")接单"
            if let caseworker = facts.caseworker {
                line += "，服务专员\(caseworker)" + (facts.caseworkerPhone.map { "（电话 \($0)）" } ?? "")
            }
            if let date = facts.date { line += "，承诺 \(date) 前办结" }
            lines.append(line + "。")
        case .rescheduled:
            lines.append("您的服务需求 \(facts.requestID) 的承诺办结日期已改为 \(facts.date ?? "待定")。原因：\(facts.reason ?? "未说明")。")
        case .completed:
            lines.append("您的服务需求 \(facts.requestID) 已办结。欢迎您对本次服务作出评价（可在 30 天内评价）。")
        case .unserviceable:
            lines.append("很抱歉，您的服务需求 \(facts.requestID) 暂时无法办理。原因：\(facts.reason ?? "未说明")。")
        case .followUpAnswered:
            lines.append("\(facts.station ?? "服务站")已答复您对需求 \(facts.requestID) 的评价：\(facts.answer ?? "")")
        }
        lines.append("查看详情：\(link)")
        lines.append("如不再需要通知，请打开上述链接点击“停止通知”。")
        return lines.joined(separator: "\n")
    }
}

extension NoticeText {
    /// The text of an SMS where onestop writes it (a city's own gateway): one line, as short as the event allows,
    /// the link and how to stop; the gateway puts the signature in front.
    public static func sms(_ event: NoticeEvent, facts: NoticeFacts, link: String) -> String {
        let id = facts.requestID
        let what: String
        switch event {
        case .received: what = "您的需求\(id)已收到"
        case .accepted: what = "需求\(id)已由\(facts.station ?? "服务站")接单" + (facts.date.map { "，承诺\($0)前办结" } ?? "")
        case .rescheduled: what = "需求\(id)承诺日期改为\(facts.date ?? "待定")"
        case .completed: what = "需求\(id)已办结，欢迎评价"
        case .unserviceable: what = "需求\(id)暂无法办理"
        case .followUpAnswered: what = "服务站已答复您对需求\(id)的评价"
        }
        return "\(what)，详见 \(link) ，可在此页停止通知"
    }
}
