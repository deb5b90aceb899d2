import Foundation
import OnestopDomain

/// When onestop disables a failing endpoint on its own, and what it tells staff.
package enum DeliveryHealth {
    /// Why the endpoint is disabled after this failed attempt, or nil to keep it.
    /// `failingSince`: when its run of failures began (nil when it is no longer enabled).
    package static func disableReason(_ result: DeliveryResult, failingSince: Int64?, at: Int64) -> String? {
        if result.next == .endpointGone {
            if result.attempt.statusCode != 410, let error = result.attempt.error { return error + "，已自动停用 (disabled)" }
            return "接收方回答 410 Gone，已自动停用 (the receiver answered 410 Gone)"
        }
        let limit = Double(result.disableAfter.components.seconds) * 1000
        guard let failingSince, Double(at - failingSince) >= limit else { return nil }
        let days = Double(result.disableAfter.components.seconds) / 86400
        return String(format: "连续 %.4g 天投递失败，已自动停用 (nothing but failures for %.4g days)", days, days)
    }

    /// The staff alert's text: a robot's URL as shown everywhere (its token cut short), another without its query.
    package static func disabledMessage(_ endpoint: WebhookEndpoint, reason: String) -> String {
        let address = endpoint.format.isRobot
            ? endpoint.displayURL : endpoint.url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? endpoint.url
        return "服务站 \(endpoint.station) 的 webhook 端点 \(endpoint.id) (\(address)) 已停用：\(reason)"
    }

    /// The staff alert's text when a robot refused the signature.
    package static func signatureMessage(_ endpoint: WebhookEndpoint, error: String?) -> String {
        "服务站 \(endpoint.station) 的\(endpoint.format.nameZh)机器人 \(endpoint.id) 拒绝了签名，消息发不出去：请向服务站核对加签密钥后更新该端点 "
            + "(the robot refused the signature; check its signing secret with the station and update the endpoint) — \(error ?? "")"
    }

    /// How long after a signature alert another is raised for the same endpoint.
    package static let signatureAlertInterval: Int64 = 86_400_000
}
