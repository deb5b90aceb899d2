import ArgumentParser
import Foundation
import OnestopDomain

/// A group robot's settings on the command line, for `endpoints add` and `endpoints update`.
struct RobotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A DingTalk or Feishu robot's signing secret (加签); - reads it from standard input.", valueName: "secret"))
    var secret: String?

    @Option(help: "The keyword a DingTalk robot was created with (自定义关键词).")
    var keyword: String?

    @Option(name: .customLong("mention"), help: "A mobile number to mention in each message (WeCom, DingTalk; repeat for more).")
    var mentions: [String] = []

    @Option(help: ArgumentHelp("How the group shows the firm's phone: masked (138****1234, the default) or full.", valueName: "masked|full"))
    var robotContact: RobotContact?

    @Option(help: "At most this many messages a minute (default: the platform's, 20 for WeCom and DingTalk, 100 for Feishu).")
    var perMinute: Int?

    @Option(help: "At most this many messages a second (default: the platform's, 5 for Feishu).")
    var perSecond: Int?

    @Flag(help: "Accept a robot URL on a loopback address (a local imitation). (env: ONESTOP_ALLOW_LOCAL_ENDPOINTS=1)")
    var allowLocalEndpoints = false

    var allowLocal: Bool { Setting("allow-local-endpoints", env: "ONESTOP_ALLOW_LOCAL_ENDPOINTS").isOn(allowLocalEndpoints) }

    var rate: EndpointRate? { perMinute == nil && perSecond == nil ? nil : EndpointRate(perMinute: perMinute, perSecond: perSecond) }

    var mobiles: [String] { mentions.map { EndpointFormat.mobile($0) ?? $0 } }

    /// The secret as given, read from standard input for `-`.
    func givenSecret() throws -> String? {
        guard secret == "-" else { return secret }
        guard let text = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            throw ValidationError("--secret -: nothing was read from standard input")
        }
        return text
    }

    /// Refuses a URL or settings the format cannot have, naming the options.
    func check(_ format: EndpointFormat, url: String?, secret: String?) throws {
        if let url, let problem = format.problem(withURL: url, allowLocal: allowLocal) { throw ValidationError("--url: \(problem)") }
        if robotContact != nil, format == .standard {
            throw ValidationError("--robot-contact: applies to group robots only; signed webhooks always carry the full phone")
        }
        let problems = format.problems(secret: secret, keyword: keyword, mentions: mobiles, rate: rate)
        if !problems.isEmpty { throw ValidationError(problems.map { "--\($0.field): \($0.zh) (\($0.en))" }.joined(separator: "\n")) }
    }
}

extension RobotContact: ExpressibleByArgument {}
