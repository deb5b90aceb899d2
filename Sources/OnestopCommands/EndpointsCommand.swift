import ArgumentParser
import Foundation
import OnestopDelivery
import OnestopDomain
import OnestopStorage

/// `onestop endpoints add|list|rotate|disable|enable|remove`.
struct EndpointsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoints",
        abstract: "Manage the webhook endpoints that stations and the platform are told at.",
        subcommands: [Add.self, List.self, Rotate.self, Disable.self, Enable.self, Remove.self]
    )

    static var actor: String { "cli:\(NSUserName())" }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an endpoint and print its signing secret once, alone on the last line.")

        @Option(help: "The station (or platform) whose requests the endpoint hears of.")
        var station: String

        @Option(help: "Where to post: an http or https URL without credentials.")
        var url: String

        @Option(name: .customLong("event-type"), help: "An event type it wants (repeat for more; default: every type): \(WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")).")
        var eventTypes: [WebhookEventType] = []

        @Option(help: "A note for staff, such as who runs the receiver.")
        var description: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            if let problem = WebhookEndpoint.problem(withURL: url) { throw ValidationError("--url: \(problem)") }
            let secret = WebhookSecret.generate()
            do {
                let endpoint = try await database.open().createEndpoint(NewEndpoint(
                    station: station, url: url, eventTypes: eventTypes, description: description, secret: secret.text, actor: EndpointsCommand.actor,
                    at: Date()))
                print("added endpoint \(endpoint.id) for station \(endpoint.station): \(endpoint.url)")
                print("events: \(endpoint.eventTypes.isEmpty ? "all" : endpoint.eventTypes.map(\.rawValue).joined(separator: ", "))")
                print("signing secret (shown only now; give it to whoever runs the receiver):")
                print(secret.text)
            } catch let error as StoreError {
                throw ValidationError(error.description)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List endpoints (never their secrets).")

        @Option(help: "Only this station's endpoints.")
        var station: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let formatter = ISO8601DateFormatter()
            print(["ID", "STATION", "URL", "EVENTS", "ENABLED", "FAILING SINCE", "LAST SUCCESS", "DISABLED BECAUSE"].joined(separator: "\t"))
            for endpoint in try await database.open().endpoints(station: station) {
                print([
                    endpoint.id, endpoint.station, endpoint.url,
                    endpoint.eventTypes.isEmpty ? "all" : endpoint.eventTypes.map(\.rawValue).joined(separator: ","),
                    endpoint.enabled ? "yes" : "no", endpoint.failingSince.map(formatter.string(from:)) ?? "-",
                    endpoint.lastSuccessAt.map(formatter.string(from:)) ?? "-", endpoint.disabledReason ?? "-",
                ].joined(separator: "\t"))
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give an endpoint a new secret, printed once; the old one keeps signing beside it for 24 hours.")

        @Argument(help: "The endpoint's id (ep_…).")
        var id: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let secret = WebhookSecret.generate()
            let now = Date()
            guard let endpoint = try await database.open().rotateEndpointSecret(
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
            print("disabled \(endpoint.id) (\(endpoint.url))")
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
            print("enabled \(endpoint.id) (\(endpoint.url))")
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
