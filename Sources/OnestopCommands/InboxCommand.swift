import ArgumentParser
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OnestopDelivery
import OnestopDomain
import Synchronization

/// `onestop inbox`: a small webhook receiver for a station without IT of its own. It checks every
/// delivery's signature and timestamp, keeps each event once (by webhook-id), prints it readably in
/// Chinese and appends it to a JSONL file.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "Receive this station's webhooks: verify, print in Chinese, keep in a JSONL file.",
        discussion: """
            Give it the endpoint's secret (shown when the endpoint was added); during a rotation give --secret twice.
            Deliveries with a bad signature or a timestamp more than 5 minutes off are answered 401 and not kept.
            """)

    @Option(help: "The address to listen on.")
    var host: String = "0.0.0.0"

    @Option(help: "The port to listen on.")
    var port: Int

    @Option(help: ArgumentHelp("The endpoint's signing secret (whsec_…). Repeat during a rotation. (env: ONESTOP_INBOX_SECRET)", valueName: "whsec_…"))
    var secret: [String] = []

    @Option(help: ArgumentHelp("The JSONL file each new event is appended to; events already in it are not kept twice.", valueName: "path"))
    var store: String = "./inbox.jsonl"

    func run() async throws {
        var texts = secret
        if texts.isEmpty, let fromEnvironment = Setting("secret", env: "ONESTOP_INBOX_SECRET").environmentText { texts = [fromEnvironment] }
        guard !texts.isEmpty else { throw ValidationError("give the endpoint's secret with --secret whsec_…") }
        var secrets: [WebhookSecret] = []
        for text in texts {
            guard let parsed = WebhookSecret(text) else { throw ValidationError("--secret must be whsec_ and base64 of 24 to 64 bytes") }
            secrets.append(parsed)
        }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be from 1 to 65535") }
        let inbox = try Inbox(path: store, secrets: secrets)
        let router = Router()
        router.post("/", use: inbox.receive)
        router.post("**", use: inbox.receive)
        var logger = Logger(label: "onestop.inbox")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "onestop-inbox"), logger: logger)
        say("收件箱已启动：http://\(host):\(port)/ ，新需求会显示在这里并保存到 \(store)")
        say("(inbox listening on http://\(host):\(port)/; events are kept in \(store))")
        try await app.runService()
    }
}

/// Writes a line to standard output unbuffered, so that it appears at once in a terminal or a pipe.
func say(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
