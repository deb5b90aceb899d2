import ArgumentParser
import Foundation
import OnestopDomain
import OnestopStore

/// `onestop route explain`: the routing decision for a hypothetical request, and why.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Explain how requests are routed.",
        subcommands: [Explain.self]
    )

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the ranked candidates and exclusions for a hypothetical request; writes nothing.")

        @Option(help: "The service code the firm chose.")
        var service: String?

        @Option(help: "The category, when the firm does not know the exact service.")
        var category: String?

        @Option(help: "The firm's region code.")
        var region: String

        @Option(help: "The firm's industry (茶叶 ...).")
        var industry: String?

        @Option(help: "online, station or onsite.")
        var mode: ServiceMode = .station

        @Option(help: "A station the firm prefers.")
        var preferredStation: String?

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if (service == nil) == (category == nil) { throw ValidationError("give --service or --category (one of them)") }
        }

        func run() async throws {
            let store = try await database.open()
            let need = RoutingNeed(serviceCode: service, categoryCode: category, region: region, industry: industry, mode: mode, preferredStation: preferredStation)
            guard let decision = try await store.explainRouting(need) else {
                printError("no active municipal platform in the catalog: the request would wait unrouted")
                throw ExitCode.failure
            }
            print(Self.describe(decision))
        }

        static func describe(_ decision: RoutingDecision) -> String {
            var lines: [String] = []
            if decision.fallback {
                lines.append("→ \(decision.station): 没有服务站可以承接，由市级平台协调办理 (no station qualifies; the platform arranges it)")
            } else {
                lines.append("→ \(decision.station) as \(decision.service ?? "-")")
            }
            for (rank, candidate) in decision.candidates.enumerated() {
                let load = String(format: "%.0f%%", candidate.load * 100)
                lines.append("  \(rank + 1). \(candidate.station) (\(candidate.service)) \(candidate.tier.reasonZh) / \(candidate.tier.reasonEn), load \(load)")
            }
            for excluded in decision.excluded {
                lines.append("  ✗ \(excluded.station) (\(excluded.service)) \(excluded.reason.reasonZh) / \(excluded.reason.reasonEn)")
            }
            return lines.joined(separator: "\n")
        }
    }
}

extension ServiceMode: ExpressibleByArgument {}
