import ArgumentParser
import Foundation
import OnestopDelivery
import OnestopDomain
import OnestopStore

/// `onestop endpoints add|list|update|test|rotate|disable|enable|remove`.
struct EndpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "Manage the webhook endpoints and group robots that stations and the platform are told at.",
        subcommands: [Add.self, List.self, Update.self, Test.self, Rotate.self, Disable.self, Enable.self, Remove.self]
    )

    static var actor: String { "cli:\(NSUserName())" }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an endpoint; for a standard one, print its signing secret once, alone on the last line.",
            discussion: """
                A group robot (--format wecom, dingtalk or feishu) takes the URL its chat app shows, and --secret when it was
                created with signing (加签). Then try it with `onestop endpoints test ID`.
                """)

        @Option(help: "The station (or platform) whose requests the endpoint hears of.")
        var station: String

        @Option(help: "Where to post: an http or https URL without credentials; for a robot, the URL its chat app shows.")
        var url: String

        @Option(help: "What to send: \(EndpointFormat.allCases.map(\.rawValue).joined(separator: ", ")). (default: standard)")
        var format: EndpointFormat = .standard

        @Option(name: .customLong("event-type"), help: "An event type it wants (repeat for more; default: every type): \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")).")
        var eventTypes: [WebhookEventType] = []

        @Option(help: "A note for staff, such as who runs the receiver.")
        var description: String?

        @OptionGroup(title: "Group robots") var robot: RobotOptions

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let given = try robot.givenSecret()
            try await robot.check(format, url: url, secret: given)
            let generated = format == .standard ? WebhookSecret.generate().text : nil
            do {
                let endpoint = try await database.open().createEndpoint(NewEndpoint(
                    station: station, url: url, format: format, eventTypes: eventTypes, description: description, secret: generated ?? given ?? "",
                    keyword: robot.keyword, mentionMobiles: robot.mobiles, robotContact: robot.robotContact ?? .masked, rateLimit: robot.rate,
                    actor: EndpointsCommand.actor, at: Date()))
                print("added endpoint \(endpoint.id) for station \(endpoint.station): \(endpoint.displayURL)")
                print("events: \(endpoint.eventTypes.isEmpty ? "all" : endpoint.eventTypes.map(\.rawValue).joined(separator: ", "))")
                if let generated {
                    print("signing secret (shown only now; give it to whoever runs the receiver):")
                    print(generated)
                } else {
                    print("format: \(endpoint.format.rawValue) (\(endpoint.format.nameZh)), \(endpoint.signed ? "signed" : "not signed"), rate limit: \(endpoint.rateLimit?.description ?? "none"), firm's phone: \(endpoint.robotContact.rawValue)")
                    print("send a test message: onestop endpoints test \(endpoint.id)")
                }
            } catch let error as StoreError {
                throw ValidationError(error.description)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an endpoint: its URL, description, or a robot's secret, keyword, mentions and rate limit.",
            discussion: "A robot's new secret replaces the old one at once. Then try it with `onestop endpoints test ID`.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @Option(help: "A new URL; for a robot, the full URL its chat app shows.")
        var url: String?

        @Option(help: "A note for staff.")
        var description: String?

        @OptionGroup(title: "Group robots (--mention replaces the list)") var robot: RobotOptions

        @Flag(help: "The robot no longer signs (加签 was turned off).")
        var removeSecret = false

        @Flag(help: "The DingTalk robot has no keyword any more.")
        var removeKeyword = false

        @Flag(help: "Mention nobody.")
        var removeMentions = false

        @Flag(help: "Go back to the platform's rate limit.")
        var platformRate = false

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.open()
            guard let endpoint = try await store.endpoint(id: id) else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            let format = endpoint.format
            let given = try robot.givenSecret()
            if (given != nil || removeSecret) && !format.signs {
                throw ValidationError(format == .standard ? "a standard endpoint's secret is rotated with `onestop endpoints rotate`"
                                                          : "WeCom robots have no signing; the key in the URL is the secret")
            }
            try await robot.check(format, url: url, secret: given)
            let mobiles = robot.mobiles
            let newDescription: String?? = description.map { $0.isEmpty ? nil : $0 }
            let newKeyword: String?? = removeKeyword ? .some(nil) : robot.keyword.map { .some($0) }
            let now = Date()
            // A robot's secret is its platform's: the new one replaces the old at once.
            let update = EndpointUpdate(
                url: url, description: newDescription,
                keyword: newKeyword,
                mentionMobiles: removeMentions ? [] : (mobiles.isEmpty ? nil : mobiles),
                robotContact: robot.robotContact,
                rateLimit: platformRate ? .some(nil) : robot.rate.map { .some($0) },
                secret: (removeSecret ? "" : given).map { SecretChange(secret: $0, overlapUntil: now) })
            guard let updated = try await store.updateEndpoint(id: id, update, actor: EndpointsCommand.actor, at: now) else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            print("updated \(updated.id) (\(updated.format.rawValue)): \(updated.displayURL)")
            print("\(updated.signed ? "signed" : "not signed"), rate limit: \(updated.rateLimit?.description ?? "none")"
                  + (updated.keyword.map { ", keyword \($0)" } ?? "") + (updated.mentionMobiles.isEmpty ? "" : ", mentions \(updated.mentionMobiles.joined(separator: " "))")
                  + (updated.format == .standard ? "" : ", firm's phone: \(updated.robotContact.rawValue)"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints (never their secrets).")

        @Option(help: "Only this station's endpoints.")
        var station: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let formatter = ISO8601DateFormatter()
            print(["ID", "STATION", "FORMAT", "URL", "EVENTS", "ENABLED", "FAILING SINCE", "LAST SUCCESS", "DISABLED BECAUSE"].joined(separator: "\t"))
            for endpoint in try await database.open().endpoints(station: station) {
                print([
                    endpoint.id, endpoint.station, endpoint.format.rawValue, endpoint.displayURL,
                    endpoint.eventTypes.isEmpty ? "all" : endpoint.eventTypes.map(\.rawValue).joined(separator: ","),
                    endpoint.enabled ? "yes" : "no", endpoint.failingSince.map(formatter.string(from:)) ?? "-",
                    endpoint.lastSuccessAt.map(formatter.string(from:)) ?? "-", endpoint.disabledReason.map(TerminalText.line) ?? "-",
                ].joined(separator: "\t"))
            }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send an endpoint a test message now and print its answer: a group robot posts a note into its group.",
            discussion: "Exits 0 when the message was accepted, 1 when it was not; the answer says why.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @Option(help: ArgumentHelp("Where stations reach the server, for the message's link. (env: ONESTOP_PUBLIC_URL; default: http://127.0.0.1:8080)", valueName: "url"))
        var publicURL: String?

        @OptionGroup(title: "Where endpoints may be") var network: EndpointNetworkOptions

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let policy = try network.policy()
            let proxy = try network.proxy()
            guard let target = try await database.open().endpointTarget(id: id, at: Date()) else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            let transport = CurlTransport(configuration: .init(addresses: policy, proxy: proxy))
            defer { transport.shutdown() }
            let base = Setting("public-url", env: "ONESTOP_PUBLIC_URL").text(publicURL, default: "http://127.0.0.1:8080")
            let outcome = await EndpointProbe.send(to: target, baseURL: base, transport: transport)
            let endpoint = target.endpoint
            print("sent a test message to \(endpoint.id) (\(endpoint.format.rawValue), \(endpoint.format.nameZh))")
            print("HTTP \(outcome.status.map(String.init) ?? "-"): \(outcome.answer.isEmpty ? "(no body)" : TerminalText.line(outcome.answer))")
            if let problem = outcome.problem {
                print("not delivered: \(TerminalText.line(problem))")
                if !endpoint.enabled { print("note: the endpoint is disabled (\(TerminalText.line(endpoint.disabledReason ?? "-"))); enable it once it works") }
                throw ExitCode.failure
            }
            print("delivered: the message should show in the group (or at the receiver) now")
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an endpoint a new secret, printed once; the old one keeps signing beside it for 24 hours.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let store = try await database.open()
            if let existing = try await store.endpoint(id: id), existing.format != .standard {
                printError("\(id) is a \(existing.format.rawValue) robot: its signing secret comes from the platform; set a new one with PATCH /api/v1/endpoints/\(id) and \"secret\"")
                throw ExitCode.failure
            }
            let secret = WebhookSecret.generate()
            let now = Date()
            guard let endpoint = try await store.rotateEndpointSecret(
                id: id, secret: secret.text, overlapUntil: now.addingTimeInterval(24 * 3600), actor: EndpointsCommand.actor, at: now)
            else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            print("rotated the secret of \(endpoint.id); the old one signs too until \(ISO8601DateFormatter().string(from: endpoint.previousSecretUntil ?? now))")
            print(secret.text)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop sending to an endpoint; what waits for it is kept.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @Option(help: "Why, for other staff.")
        var reason: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let endpoint = try await database.open().setEndpointEnabled(id: id, enabled: false, reason: reason, actor: EndpointsCommand.actor, at: Date())
            else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            print("disabled \(endpoint.id) (\(endpoint.displayURL))")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send to an endpoint again, starting with what waited for it.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let endpoint = try await database.open().setEndpointEnabled(id: id, enabled: true, reason: nil, actor: EndpointsCommand.actor, at: Date())
            else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            print("enabled \(endpoint.id) (\(endpoint.displayURL))")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove an endpoint; its pending deliveries fail, its history stays.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard try await database.open().deleteEndpoint(id: id, actor: EndpointsCommand.actor, at: Date()) else {
                printError("no endpoint \(id)")
                throw ExitCode.failure
            }
            print("removed \(id)")
        }
    }
}

extension WebhookEventType: ExpressibleByArgument {}
extension EndpointFormat: ExpressibleByArgument {}
