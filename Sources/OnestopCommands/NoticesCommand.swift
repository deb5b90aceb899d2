import ArgumentParser
import Foundation
import OnestopDelivery
import OnestopDomain
import OnestopStore

/// `onestop notices`: what staff do with the notices file.
struct NoticesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "Check and try the notices file: the SMS provider and mail server that tell firms of their requests.",
        subcommands: [NoticesTestCommand.self])
}

/// `onestop notices test --to 138…`: sends one message through the configured provider now and prints its answer.
struct NoticesTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send a test message (the 'received' notice of a made-up request TEST-0000) and print the provider's answer.",
        discussion: "A mobile number sends an SMS through the sms provider; an email address, a mail through the mail server. Nothing is stored.")

    @OptionGroup var notices: NoticeOptions

    @Option(help: ArgumentHelp("A mainland mobile number, or an email address.", valueName: "recipient"))
    var to: String

    @Option(help: ArgumentHelp("onestop's public address, for the link in the message, when the file does not say. (env: ONESTOP_PUBLIC_URL; default: http://127.0.0.1:8080)",
                               valueName: "url"))
    var publicURL: String?

    func run() async throws {
        let publicURL = Setting("public-url", env: "ONESTOP_PUBLIC_URL").text(publicURL, default: "http://127.0.0.1:8080")
        guard let providers = try notices.providers(publicURL: publicURL) else {
            throw notices.setting.refusal("is required: the file that names the providers")
        }
        let channel: NoticeChannel
        let recipient: String
        if to.contains("@") {
            guard EmailAddress.isPlausible(to) else { throw ValidationError("--to: not an email address: \(to)") }
            (channel, recipient) = (.email, to)
        } else {
            guard let number = PhoneNumber.normalize(to), number.count == 11, !number.contains("-") else {
                throw ValidationError("--to: not a mainland mobile number: \(to)")
            }
            (channel, recipient) = (.sms, number)
        }
        guard providers.channels.contains(channel) else {
            throw ValidationError("the notices file configures no \(channel == .sms ? "sms provider" : "mail server")")
        }
        let notice = ClaimedNotice(
            id: 0, lease: 0, messageID: "ntc_test_" + RandomText.base62(count: 16), requestID: "TEST-0000", event: .received, channel: channel,
            facts: NoticeFacts(requestID: "TEST-0000", service: "测试消息 (a test message)"), recipient: recipient,
            tokenNonce: RandomText.base62(count: 32), attempts: 0)
        // The link in a test message leads nowhere: it is made under a throwaway secret.
        let sender = NoticeSender(providers: providers, links: ShortLinks(secret: Array(RandomText.base62(count: 32).utf8)))
        let transport = NoticeOptions.transport()
        defer { transport.shutdown() }
        switch await sender.send(notice, through: transport) {
        case .failure(let problem):
            throw ValidationError("\(problem)")
        case .success(let (response, verdict)):
            print("message id: \(notice.messageID)")
            print("answer: \(response.status.map { String($0) } ?? "none")\(response.error.map { " (\($0))" } ?? "") in \(Int(response.duration.seconds * 1000)) ms")
            if !response.body.isEmpty { print(String(decoding: response.body.prefix(2000), as: UTF8.self)) }
            switch verdict {
            case .sent(let id): print("sent" + (id.map { " as \($0)" } ?? ""))
            case .transient(let code, let error, _): print("not sent, worth trying again later: \(code ?? "-") \(error)")
            case .permanent(let code, let error): print("refused: \(code ?? "-") \(error)")
            case .unreachable(let code, let error): print("the recipient cannot receive it: \(code ?? "-") \(error)")
            }
            if case .sent = verdict { return }
            throw ExitCode.failure
        }
    }
}
