import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `Tests/Sms/imitation.py` running on loopback: Alibaba Cloud's and Tencent Cloud's SendSms, each checking its
/// signature as its documentation describes and answering with its documented codes, set up through a control API.
public final class SMSImitation: @unchecked Sendable {

    /// A message the imitation accepted.
    public struct Message: Sendable {
        public var provider: String
        public var phone: String
        public var signName: String
        public var template: String
        /// Alibaba's TemplateParam object, or Tencent's TemplateParamSet as "1", "2", ….
        public var params: [String: String]
        /// Alibaba's OutId or Tencent's SessionContext.
        public var reference: String?
        public var receivedAt: Date
    }

    public static func start() throws -> SMSImitation {
        SMSImitation(try HelperProcess.start(
            "/usr/bin/env", ["python3", Fixtures.packageRoot.appendingPathComponent("Tests/Sms/imitation.py").path, "--exit-with-stdin"],
            what: "the SMS imitation"))
    }

    private let helper: HelperProcess
    public var port: Int { helper.port }

    private init(_ helper: HelperProcess) {
        self.helper = helper
    }

    deinit { stop() }

    public func stop() { helper.stop() }

    public var url: String { "http://127.0.0.1:\(port)/" }

    /// Creates or replaces an account: `templates` maps a template code to its variable names (Alibaba) or count (Tencent).
    public func account(_ provider: String, keyID: String, secret: String, signNames: [String], templates: [String: Any], appID: String? = nil)
        async throws
    {
        var body: [String: Any] = ["provider": provider, "key_id": keyID, "secret": secret, "sign_names": signNames, "templates": templates]
        body["app_id"] = appID
        _ = try await control("POST", "/_control/accounts", body)
    }

    /// The next `count` sends (to `phone`, or any) answer with `fault`: system_error, amount_not_enough, limit, no_such_number or hang.
    public func fault(_ provider: String, _ fault: String, phone: String? = nil, count: Int = 1, seconds: Double? = nil) async throws {
        var body: [String: Any] = ["provider": provider, "fault": fault, "count": count, "phone": phone ?? NSNull()]
        body["seconds"] = seconds
        _ = try await control("POST", "/_control/faults", body)
    }

    /// Sends per number and template the imitation allows; 0 is no limit.
    public func limits(perMinute: Int, perHour: Int, perDay: Int) async throws {
        _ = try await control("POST", "/_control/limits", ["per_minute": perMinute, "per_hour": perHour, "per_day": perDay])
    }

    public func messages(provider: String? = nil) async throws -> [Message] {
        let object = try await control("GET", "/_control/messages" + (provider.map { "?provider=\($0)" } ?? ""), nil)
        return (object["messages"] as? [[String: Any]] ?? []).map(Self.message)
    }

    /// Waits until `count` messages were accepted, or `timeout` seconds.
    public func wait(count: Int, timeout: Double = 20) async throws -> [Message] {
        let object = try await control("GET", "/_control/wait?count=\(count)&timeout=\(timeout)", nil)
        return (object["messages"] as? [[String: Any]] ?? []).map(Self.message)
    }

    /// The codes of refused calls, in order.
    public func rejections() async throws -> [String] {
        let object = try await control("GET", "/_control/rejections", nil)
        return (object["rejections"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    static func message(_ item: [String: Any]) -> Message {
        var params: [String: String] = [:]
        if let object = item["params"] as? [String: String] { params = object }
        if let list = item["params"] as? [String] {
            for (index, value) in list.enumerated() { params[String(index + 1)] = value }
        }
        return Message(provider: item["provider"] as? String ?? "", phone: item["phone"] as? String ?? "", signName: item["sign_name"] as? String ?? "",
                       template: item["template"] as? String ?? "", params: params,
                       reference: (item["out_id"] as? String) ?? (item["session_context"] as? String),
                       receivedAt: Date(timeIntervalSince1970: item["received_at"] as? Double ?? 0))
    }

    private func control(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 60
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        guard (response as? HTTPURLResponse).map({ (200..<300).contains($0.statusCode) }) == true else {
            throw FixtureError("the SMS imitation refused \(method) \(path): \(String(decoding: data, as: UTF8.self))")
        }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
