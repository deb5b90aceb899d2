import Foundation
import OnestopDomain

/// A city's own SMS platform (政务短信平台), reached by a Standard Webhooks POST signed with its `whsec_` secret:
/// `{"type": "sms.send", "data": {"message_id", "phone", "sign_name", "event", "template", "variables", "text"}}`.
/// It answers 2xx once it has taken the message (a JSON `id` is kept), 422 when the number cannot receive messages,
/// 429 or 5xx to be tried again; any other answer is a refusal staff must look at.
enum GatewaySMS {
    static func request(_ provider: SMSProvider, event: NoticeEvent, template: SMSProvider.Template?, to phone: String,
                        values: [(name: String, value: String)], text: String, messageID: String, at date: Date) -> OutboundRequest {
        let message = Message(type: "sms.send", timestamp: AliyunSMS.iso8601(date), data: .init(
            message_id: messageID, phone: phone, sign_name: provider.signName, event: event.rawValue, template: template?.code,
            variables: Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first }), text: text))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = Array((try? encoder.encode(message)) ?? Data())
        return WebhookSignature.request(url: provider.url, id: messageID, body: body, secrets: [provider.secret], at: date)
    }

    static func verdict(_ response: OutboundResponse) -> NoticeVerdict {
        guard let status = response.status else { return .transient(code: nil, error: response.error ?? "no answer", atLeast: 0) }
        let text = "HTTP \(status): " + String(decoding: response.body.prefix(300), as: UTF8.self)
        switch status {
        case 200..<300:
            let id = (try? JSONDecoder().decode(Accepted.self, from: Data(response.body)))?.id
            return .sent(providerID: id)
        case 422: return .unreachable(code: "422", error: text)
        case 408, 425, 429, 500..<600: return .transient(code: String(status), error: text, atLeast: response.retryAfter ?? 0)
        default: return .permanent(code: String(status), error: text)
        }
    }

    private struct Message: Encodable {
        struct Data: Encodable {
            var message_id: String
            var phone: String
            var sign_name: String
            var event: String
            var template: String?
            var variables: [String: String]
            var text: String
        }
        var type: String
        var timestamp: String
        var data: Data
    }

    private struct Accepted: Decodable {
        var id: String?
    }
}

extension OutboundResponse {
    /// `Retry-After` in seconds, when the answer has one (whole seconds only; a date is ignored).
    var retryAfter: Double? {
        header("Retry-After").flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { min(max($0, 0), 86_400) }
    }
}
