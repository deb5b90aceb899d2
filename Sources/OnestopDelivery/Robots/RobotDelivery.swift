import Foundation
import OnestopDomain
import OnestopStore

/// Sending a delivery through a group robot: the message made from the event's standard body at each
/// attempt, signed with that attempt's time, and the platform's answer turned into what follows.
public struct RobotDelivery: Sendable {
    public var platform: RobotPlatform
    public var message: RobotMessage
    /// The platform's signing secret, when the robot was created with one.
    public var secret: String?

    public init(platform: RobotPlatform, keyword: String?, mentions: [String], contact: RobotContact = .masked, secret: String?) {
        self.platform = platform
        message = RobotMessage(platform: platform, keyword: keyword, mentions: mentions, contact: contact)
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// For a claimed delivery; nil when it is for a standard endpoint.
    public init?(_ delivery: ClaimedDelivery) {
        guard let platform = RobotPlatform(delivery.format) else { return nil }
        self.init(platform: platform, keyword: delivery.keyword, mentions: delivery.mentionMobiles, contact: delivery.robotContact,
                  secret: delivery.secrets.first)
    }

    /// The POST for a message body: signed for the platform when there is a secret.
    public func request(url: String, body: [UInt8], at date: Date) -> OutboundRequest {
        var url = url
        var body = body
        if let secret {
            switch platform {
            case .dingtalk: url = RobotSigning.dingTalkURL(url, secret: secret, at: date)
            case .feishu: body = RobotSigning.feishuBody(body, secret: secret, at: date)
            case .wecom: break
            }
        }
        return OutboundRequest(url: url, headers: [("Content-Type", "application/json; charset=utf-8")], body: body)
    }

    /// What the answer means for the delivery: the platform's verdict and the error to record, or nil for a
    /// failure status without the platform's shape (then the status decides, as for any webhook).
    /// A success status alone is not taken as delivered: the platforms say so in the body.
    public func judge(_ response: OutboundResponse) -> (answer: RobotAnswer, error: String?)? {
        guard let status = response.status else { return nil }
        let answer = RobotAnswer.interpret(platform, status: status, body: response.body)
        switch answer {
        case .delivered: return (answer, nil)
        case .unreadable(let status) where (200..<300).contains(status):
            return (answer, "回答不是\(platform.nameZh)的格式，未确认送达 (the answer is not \(platform.rawValue)'s; delivery not confirmed)")
        case .unreadable: return nil
        case .rateLimited(let code, let message):
            return (answer, "\(platform.nameZh)限流，稍后重试 (rate limited by \(platform.rawValue): \(code) \(message))")
        case .robotGone(let code, let message):
            return (answer, "\(platform.nameZh)机器人已不存在或网址有误 (the robot is gone or its URL is wrong: \(code) \(message))")
        case .signatureRejected(let code, let message):
            return (answer, "签名被\(platform.nameZh)拒绝，请核对加签密钥 (the signature was refused; check the signing secret: \(code) \(message))")
        case .rejected(let code, let message):
            return (answer, "\(platform.nameZh)拒收 (refused by \(platform.rawValue): \(code) \(message))")
        }
    }
}
