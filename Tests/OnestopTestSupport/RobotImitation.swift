import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `Tests/Robots/imitation.py` running on loopback: WeCom, DingTalk and Feishu group robots as their
/// platforms behave (signatures checked with Python's own hmac, in-body errors with HTTP 200, size limits,
/// rate limits), each robot set up through its control API.
public final class RobotImitation: @unchecked Sendable {

    public struct Message: Sendable {
        public var at: Date
        /// The raw body as it arrived.
        public var raw: String
        public var query: [String: String]

        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] }
    }

    public struct Rejection: Sendable {
        public var at: Date
        public var code: Int
        public var message: String
    }

    public static func start() throws -> RobotImitation {
        RobotImitation(try HelperProcess.start(
            "/usr/bin/env", ["python3", Fixtures.packageRoot.appendingPathComponent("Tests/Robots/imitation.py").path, "--exit-with-stdin"],
            what: "the robot imitation"))
    }

    private let helper: HelperProcess
    public var port: Int { helper.port }

    private init(_ helper: HelperProcess) {
        self.helper = helper
    }

    deinit { stop() }

    public func stop() { helper.stop() }

    /// The robot URL for `platform` ("wecom", "dingtalk" or "feishu").
    public func url(_ platform: String, token: String) -> String {
        switch platform {
        case "wecom": "http://127.0.0.1:\(port)/cgi-bin/webhook/send?key=\(token)"
        case "dingtalk": "http://127.0.0.1:\(port)/robot/send?access_token=\(token)"
        default: "http://127.0.0.1:\(port)/open-apis/bot/v2/hook/\(token)"
        }
    }

    /// Creates (or resets) robot `token`. `answer`: every message gets this code instead of being judged.
    public func robot(_ platform: String, token: String, secret: String? = nil, keyword: String? = nil, perMinute: Int? = nil,
                      perSecond: Int? = nil, windowSeconds: Double = 60, answer: (code: Int, message: String)? = nil) async throws {
        var settings: [String: Any] = ["platform": platform, "token": token, "window_seconds": windowSeconds]
        settings["secret"] = secret
        settings["keyword"] = keyword
        settings["per_minute"] = perMinute
        settings["per_second"] = perSecond
        if let answer { settings["answer"] = ["code": answer.code, "msg": answer.message] }
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/_control/robots")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: settings)
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw FixtureError("robot set-up refused: \(String(decoding: data, as: UTF8.self))") }
    }

    /// What robot `token` accepted and rejected, in arrival order.
    public func records(_ token: String) async throws -> (accepted: [Message], rejected: [Rejection]) {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/_control/robots/\(token)")!)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw FixtureError("no records for \(token)") }
        let accepted = (object["accepted"] as? [[String: Any]] ?? []).map { item in
            Message(at: Date(timeIntervalSince1970: item["at"] as? Double ?? 0), raw: item["raw"] as? String ?? "",
                    query: item["query"] as? [String: String] ?? [:])
        }
        let rejected = (object["rejected"] as? [[String: Any]] ?? []).map { item in
            Rejection(at: Date(timeIntervalSince1970: item["at"] as? Double ?? 0), code: item["code"] as? Int ?? 0, message: item["msg"] as? String ?? "")
        }
        return (accepted, rejected)
    }

    /// Waits until robot `token` has accepted `count` messages or `timeout` has passed.
    public func waitForAccepted(_ token: String, count: Int, timeout: Duration = .seconds(30)) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let accepted = try await records(token).accepted
            if accepted.count >= count || ContinuousClock.now >= deadline { return accepted }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
