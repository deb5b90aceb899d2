import Foundation
import Logging
import OnestopStore
import ServiceLifecycle

/// Periodic work that runs in one process at a time: a pass every `interval` where the named lease is held
/// (for two intervals, renewed by each pass), so that another instance takes over when this one stops.
/// The loop ends on graceful shutdown or cancellation; a failed pass is logged and the next one comes on time.
struct LeasedPeriod<C: Clock>: Sendable where C.Duration == Duration {
    let name: String
    let holder: String
    let store: any LeaseStore
    let clock: C
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    /// Whether this process holds the lease now, taking or renewing it.
    func hold() async throws -> Bool {
        let moment = now()
        return try await store.holdLease(name, holder: holder, now: moment, until: moment.addingTimeInterval(2 * (interval / .seconds(1))))
    }

    func run(_ pass: @Sendable () async throws -> Void) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                if try await hold() { try await pass() }
            } catch {
                logger.error("\(name) failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return
            }
        }
    }
}
