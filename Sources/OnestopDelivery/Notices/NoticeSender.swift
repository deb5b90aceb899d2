import Foundation
import OnestopDomain
import OnestopStore

/// Turns a notice into what its provider is sent, and tells what the provider's answer means.
public struct NoticeSender: Sendable {
    public var providers: NoticeProviders
    /// Makes the short links; it must use the server's secret, as the server's own `/t/` route does.
    public var links: ShortLinks

    public init(providers: NoticeProviders, links: ShortLinks) {
        self.providers = providers
        self.links = links
    }

    /// Sends `notice` now, outside any outbox (`onestop notices test`): the provider's answer and what it means.
    public func send(_ notice: ClaimedNotice, through transport: CurlTransport, at date: Date = Date()) async -> Result<(OutboundResponse, NoticeVerdict), NoticeProblem> {
        switch prepare(notice, at: date) {
        case .failure(let problem): return .failure(problem)
        case .success(let (request, judge)):
            let response = await transport.send(request)
            return .success((response, judge(response)))
        }
    }

    /// The request that sends `notice` and how its answer is judged, or why it cannot be sent as configured.
    public func prepare(_ notice: ClaimedNotice, at date: Date) -> Result<(OutboundRequest, (OutboundResponse) -> NoticeVerdict), NoticeProblem> {
        let base = providers.publicURL.hasSuffix("/") ? String(providers.publicURL.dropLast()) : providers.publicURL
        let link = base + "/t/" + links.code(nonce: notice.tokenNonce)
        switch notice.channel {
        case .sms:
            guard let sms = providers.sms else { return .failure(NoticeProblem("未配置短信服务 (no SMS provider is configured)")) }
            let template = sms.templates[notice.event]
            let values = template.map { sms.values($0, facts: notice.facts, link: link) } ?? []
            switch sms.kind {
            case .aliyun:
                guard let template else { return .failure(.noTemplate(notice.event)) }
                return .success((AliyunSMS.request(sms, template: template, to: notice.recipient, values: values, outID: notice.messageID, at: date),
                                 AliyunSMS.verdict))
            case .tencent:
                guard let template else { return .failure(.noTemplate(notice.event)) }
                return .success((TencentSMS.request(sms, template: template, to: notice.recipient, values: values, sessionContext: notice.messageID,
                                                    at: date), TencentSMS.verdict))
            case .gateway:
                let text = NoticeText.sms(notice.event, facts: notice.facts, link: link)
                return .success((GatewaySMS.request(sms, event: notice.event, template: template, to: notice.recipient, values: values, text: text,
                                                    messageID: notice.messageID, at: date), GatewaySMS.verdict))
            }
        case .email:
            guard let mail = providers.email else { return .failure(NoticeProblem("未配置邮件服务 (no mail server is configured)")) }
            let domain = mail.from.split(separator: "@").last.map(String.init) ?? "onestop"
            let message = SMTPMessage.build(
                from: mail.from, fromName: mail.fromName, to: notice.recipient, subject: NoticeText.subject(notice.event, facts: notice.facts),
                body: NoticeText.body(notice.event, facts: notice.facts, link: link), messageID: notice.messageID, domain: domain, stopLink: link,
                at: date)
            let envelope = MailEnvelope(from: mail.from, recipients: [notice.recipient], username: mail.username, password: mail.password,
                                        requireTLS: mail.requireTLS)
            return .success((OutboundRequest(url: mail.url, headers: [], body: message, mail: envelope), SMTPMessage.verdict))
        }
    }
}
