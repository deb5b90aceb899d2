import ArgumentParser
import Foundation
import OnestopDelivery
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

    @OptionGroup(title: "Where endpoints may be") var network: EndpointNetworkOptions

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

    /// Refuses a URL or settings the format cannot have, naming the options; a URL whose host resolves to an
    /// address the server would not send to is refused too.
    func check(_ format: EndpointFormat, url: String?, secret: String?) async throws {
        let policy = try network.policy()
        if let url, let problem = format.problem(withURL: url, addresses: policy) { throw ValidationError("--url: \(problem)") }
        if let url, format == .standard, let refusal = await EndpointAddressCheck.refusal(ofURL: url, policy: policy) {
            throw ValidationError("--url: \(refusal)")
        }
        if robotContact != nil, format == .standard {
            throw ValidationError("--robot-contact: applies to group robots only; signed webhooks always carry the full phone")
        }
        let problems = format.problems(secret: secret, keyword: keyword, mentions: mobiles, rate: rate)
        if !problems.isEmpty { throw ValidationError(problems.map { "--\($0.field): \($0.zh) (\($0.en))" }.joined(separator: "\n")) }
    }
}

extension RobotContact: ExpressibleByArgument {}
