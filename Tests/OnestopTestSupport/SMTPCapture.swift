import Foundation

/// `Tests/Smtp/capture.py`: a real SMTP server (aiosmtpd, from PyPI) on loopback that keeps every message it accepts,
/// as Python's email package decodes it. Addresses given as `rejecting` are refused with 550 5.1.1.
public final class SMTPCapture: @unchecked Sendable {
    public let directory: URL

    /// A message as the email package read it.
    public struct Mail: Sendable {
        public var mailFrom: String
        public var recipients: [String]
        public var subject: String
        public var from: String
        public var to: String
        public var messageID: String
        public var date: String
        public var contentType: String
        public var charset: String?
        public var listUnsubscribe: String
        public var body: String
        /// What the email package found wrong in the message, by its class names; empty for a clean message.
        public var defects: [String]
    }

    public static func start(rejecting: [String] = []) throws -> SMTPCapture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("onestop-smtp-\(UUID().uuidString)")
        let helper = try HelperProcess.start(
            try Fixtures.toolPython(),
            [Fixtures.packageRoot.appendingPathComponent("Tests/Smtp/capture.py").path, "--dir", directory.path, "--exit-with-stdin"]
                + rejecting.flatMap { ["--reject", $0] },
            what: "the SMTP server (is aiosmtpd in the test tools?)")
        return SMTPCapture(helper, directory: directory)
    }

    private let helper: HelperProcess
    public var port: Int { helper.port }

    private init(_ helper: HelperProcess, directory: URL) {
        self.helper = helper
        self.directory = directory
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    public func stop() { helper.stop() }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// The messages accepted so far, in order.
    public func mails() throws -> [Mail] {
        var mails: [Mail] = []
        var index = 1
        while let data = FileManager.default.contents(atPath: directory.appendingPathComponent("\(index).json").path) {
            let item = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            mails.append(Mail(
                mailFrom: item["mail_from"] as? String ?? "", recipients: item["rcpt_tos"] as? [String] ?? [], subject: item["subject"] as? String ?? "",
                from: item["from"] as? String ?? "", to: item["to"] as? String ?? "", messageID: item["message_id"] as? String ?? "",
                date: item["date"] as? String ?? "", contentType: item["content_type"] as? String ?? "", charset: item["charset"] as? String,
                listUnsubscribe: item["list_unsubscribe"] as? String ?? "", body: item["body"] as? String ?? "",
                defects: item["defects"] as? [String] ?? []))
            index += 1
        }
        return mails
    }

    /// Waits until `count` messages were accepted, or `timeout`.
    public func wait(count: Int, timeout: Duration = .seconds(20)) async throws -> [Mail] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let mails = try mails()
            if mails.count >= count || ContinuousClock.now >= deadline { return mails }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}
