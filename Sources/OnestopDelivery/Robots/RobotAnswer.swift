import Foundation

/// What a robot's answer means. The platforms answer most errors with HTTP 200 and a code in the body,
/// so success is judged by the body's `errcode` (WeCom, DingTalk) or `code` (Feishu), not the status alone.
public enum RobotAnswer: Sendable, Equatable {
    case delivered
    /// Too many messages: try again after the platform's window.
    case rateLimited(code: Int, message: String)
    /// The robot was removed or its URL is wrong: the endpoint should be disabled and staff told.
    case robotGone(code: Int, message: String)
    /// The signature or its timestamp was refused: the secret is probably wrong.
    case signatureRejected(code: Int, message: String)
    /// Any other refusal (a missing keyword, content too long, an IP not allowed …).
    case rejected(code: Int, message: String)
    /// No answer in the platform's shape: judged by the HTTP status like any webhook.
    case unreadable(status: Int)

    public static func interpret(_ platform: RobotPlatform, status: Int, body: [UInt8]) -> RobotAnswer {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            return .unreadable(status: status)
        }
        let codeKeys = platform == .feishu ? ["code", "StatusCode"] : ["errcode"]
        guard let code = codeKeys.lazy.compactMap({ (object[$0] as? NSNumber)?.intValue }).first else {
            return .unreadable(status: status)
        }
        let message = (object["errmsg"] as? String) ?? (object["msg"] as? String) ?? (object["StatusMessage"] as? String) ?? ""
        if code == 0 { return (200..<300).contains(status) ? .delivered : .unreadable(status: status) }
        switch (platform, code) {
        case (.wecom, 45009), (.dingtalk, 130101), (.feishu, 11232):
            return .rateLimited(code: code, message: message)
        // Feishu answers 19001 "param invalid: incoming webhook access token invalid" for a deleted bot; 19001 alone
        // is any invalid parameter.
        case (.wecom, 93000), (.dingtalk, 300001), (.dingtalk, 300005):
            return .robotGone(code: code, message: message)
        case (.feishu, 19001) where message.lowercased().contains("access token"):
            return .robotGone(code: code, message: message)
        // DingTalk's 310000 covers the signature, the keyword and the IP allow-list; only the first is about the secret.
        case (.dingtalk, 310000) where message.lowercased().contains("sign") || message.lowercased().contains("timestamp"), (.feishu, 19021):
            return .signatureRejected(code: code, message: message)
        default:
            return .rejected(code: code, message: message)
        }
    }
}
