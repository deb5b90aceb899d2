import ArgumentParser
import Foundation
import OnestopHTTP

/// `serve`'s limits on slow, idle and surplus connections.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Seconds a client has to send a request head, from connecting or from its first byte. (env: ONESTOP_HEAD_TIMEOUT; default: 10)", valueName: "seconds"))
    var headTimeout: Double?

    @Option(help: ArgumentHelp("Seconds a client has to send a request body after its head. (env: ONESTOP_BODY_TIMEOUT; default: 30)", valueName: "seconds"))
    var bodyTimeout: Double?

    @Option(help: ArgumentHelp("Seconds a kept-alive connection may wait for its next request. (env: ONESTOP_IDLE_TIMEOUT; default: 60)", valueName: "seconds"))
    var idleTimeout: Double?

    @Option(help: "Connections open at once; those beyond are closed as soon as they arrive. (env: ONESTOP_MAX_CONNECTIONS; default: 4096)")
    var maxConnections: Int?

    func policy() throws -> ConnectionPolicy {
        func seconds(_ given: Double?, _ flag: String, _ variable: String, _ fallback: Double) throws -> Duration {
            let value = try Setting(flag, env: variable).number(given, default: fallback, in: 0.001...86_400)
            return .milliseconds(Int64((value * 1000).rounded()))
        }
        return ConnectionPolicy(
            headTimeout: try seconds(headTimeout, "head-timeout", "ONESTOP_HEAD_TIMEOUT", 10),
            bodyTimeout: try seconds(bodyTimeout, "body-timeout", "ONESTOP_BODY_TIMEOUT", 30),
            idleTimeout: try seconds(idleTimeout, "idle-timeout", "ONESTOP_IDLE_TIMEOUT", 60),
            maxConnections: try Setting("max-connections", env: "ONESTOP_MAX_CONNECTIONS").whole(maxConnections, default: 4096, in: 1...1_000_000))
    }
}
