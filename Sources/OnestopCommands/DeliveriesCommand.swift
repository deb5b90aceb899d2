import ArgumentParser
import Foundation
import OnestopDomain
import OnestopStore

/// `onestop deliveries list|retry`.
struct DeliveriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries",
        abstract: "See webhook deliveries and send failed ones again.",
        subcommands: [List.self, Retry.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List deliveries, newest first.")

        @Option(help: "pending, succeeded or failed.")
        var status: Delivery.Status?

        @Option(help: "Only this endpoint's (ep_…).")
        var endpoint: String?

        @Option(help: "Only this request's.")
        var request: String?

        @Option(help: "Only those created at or after this time (2026-11-01 or 2026-11-01T08:00:00+08:00).")
        var since: String?

        @Option(help: "How many at most.")
        var limit: Int = 50

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let from = try since.map { try parseTime($0, option: "--since") }
            guard (1...PageRequest.maxPerPage).contains(limit) else { throw ValidationError("--limit must be from 1 to \(PageRequest.maxPerPage)") }
            let page = try await database.open().deliveries(DeliveryQuery(
                status: status, endpoint: endpoint, requestID: request, from: from, page: PageRequest(page: 1, perPage: limit)))
            let formatter = ISO8601DateFormatter()
            print(["ID", "WEBHOOK-ID", "ENDPOINT", "EVENT", "REQUEST", "STATUS", "ATTEMPTS", "LAST", "NEXT", "ERROR"].joined(separator: "\t"))
            for delivery in page.items {
                print([
                    String(delivery.id), delivery.messageID, delivery.endpoint, delivery.eventType.rawValue, delivery.requestID ?? "-",
                    delivery.status.rawValue, String(delivery.attempts), delivery.lastStatusCode.map(String.init) ?? "-",
                    delivery.status == .pending ? delivery.nextAttemptAt.map(formatter.string(from:)) ?? "-" : "-", delivery.lastError.map(TerminalText.line) ?? "-",
                ].joined(separator: "\t"))
            }
            if page.total > page.items.count { print("(\(page.items.count) of \(page.total); use --limit or filters for the rest)") }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send deliveries again with the same webhook-id: one by its id, or every failed one of an endpoint since a time.")

        @Argument(help: "The delivery's id.")
        var id: Int64?

        @Option(help: "Every failed delivery of this endpoint (with --since).")
        var endpoint: String?

        @Option(help: "With --endpoint: created at or after this time (2026-11-01 or 2026-11-01T08:00:00+08:00).")
        var since: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard (id == nil) != (endpoint == nil) else { throw ValidationError("give either a delivery id or --endpoint with --since") }
            if endpoint != nil && since == nil { throw ValidationError("--endpoint needs --since") }
        }

        func run() async throws {
            let store = try await database.open()
            if let id {
                guard let delivery = try await store.redeliver(id: id, at: Date()) else {
                    printError("no delivery \(id)")
                    throw ExitCode.failure
                }
                print("delivery \(delivery.id) (\(delivery.messageID)) is \(delivery.status.rawValue); a running server sends it within a second")
            } else if let endpoint, let since {
                let count = try await store.redeliverFailed(endpoint: endpoint, since: try parseTime(since, option: "--since"), at: Date())
                print("\(count) failed deliveries of \(endpoint) will be sent again")
            }
        }
    }
}

/// A date (China Standard Time) or an ISO 8601 date and time.
func parseTime(_ text: String, option: String) throws -> Date {
    if let date = WorkingCalendar.china.time(text) { return date }
    throw ValidationError("\(option) must be a date like 2026-11-01 or 2026-11-01T08:00:00+08:00, not \(text)")
}

extension Delivery.Status: ExpressibleByArgument {}
