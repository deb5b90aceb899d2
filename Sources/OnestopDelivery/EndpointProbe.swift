import Foundation
import OnestopDomain
import OnestopStore

/// A test message sent straight to an endpoint (not through the outbox), so that whoever sets it up sees at
/// once whether it works: a robot posts a short note into its group; a standard receiver gets a signed
/// `endpoint.test` event.
public enum EndpointProbe {
    public struct Outcome: Sendable {
        public var delivered: Bool
        public var status: Int?
        /// The receiver's answer, as it came.
        public var answer: String
        /// What went wrong, in Chinese and English; nil when delivered.
        public var problem: String?
    }

    public static func send(to target: EndpointTarget, baseURL: String, transport: CurlTransport, at date: Date = Date()) async -> Outcome {
        let endpoint = target.endpoint
        if let platform = RobotPlatform(endpoint.format) {
            let robot = RobotDelivery(platform: platform, keyword: endpoint.keyword, mentions: endpoint.mentionMobiles, secret: target.secrets.first)
            let body = robot.message.testBody(station: endpoint.station, baseURL: baseURL, now: date)
            let response = await transport.send(robot.request(url: endpoint.url, body: body, at: date))
            let judged = robot.judge(response)
            let delivered = judged?.answer == .delivered
            return Outcome(delivered: delivered, status: response.status, answer: String(decoding: response.body, as: UTF8.self),
                           problem: delivered ? nil : judged?.error ?? response.error ?? "HTTP \(response.status ?? 0)")
        }
        let id = "msg_test_" + UUID().uuidString.lowercased()
        let object: [String: Any] = [
            "type": "endpoint.test", "timestamp": ISO8601DateFormatter().string(from: date),
            "data": ["endpoint_id": endpoint.id, "station": endpoint.station, "message": "onestop 测试消息 (test message)"],
        ]
        let body = Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
        let response = await transport.send(WebhookSignature.request(url: endpoint.url, id: id, body: body, secrets: target.secrets, at: date))
        let delivered = response.status.map { (200..<300).contains($0) } ?? false
        return Outcome(delivered: delivered, status: response.status, answer: String(decoding: response.body, as: UTF8.self),
                       problem: delivered ? nil : response.error ?? "接收方回答 HTTP \(response.status ?? 0) (the receiver answered HTTP \(response.status ?? 0))")
    }
}
