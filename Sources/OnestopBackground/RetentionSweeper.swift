import Foundation
import Logging
import OnestopStore
import ServiceLifecycle

/// Removes, once a pass, what has served its purpose (``RetentionPolicy``): old deliveries with their
/// attempts, idempotency keys, expired sessions, settled rate reservations and old alerts.
///
/// A lifecycle service beside the server, ending on graceful shutdown. With several instances on one
/// database it runs only where the `retention` lease is held, so one instance sweeps at a time. Time comes
/// from the injected clock (for sleeping) and `now` (for ages), so tests move time instead of waiting.
public struct RetentionSweeper<C: Clock>: ServiceLifecycle.Service where C.Duration == Duration {
    let store: any RetentionStore & LeaseStore
    let holder = "retention-" + UUID().uuidString.prefix(8).lowercased()
    let clock: C
    let interval: Duration
    let policy: RetentionPolicy
    let now: @Sendable () -> Date
    let logger: Logger

    public init(store: any RetentionStore & LeaseStore, clock: C, interval: Duration = .seconds(3600), policy: RetentionPolicy,
                now: @escaping @Sendable () -> Date = Date.init, logger: Logger) {
        self.store = store
        self.clock = clock
        self.interval = interval
        self.policy = policy
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await sweepIfLeased()
            } catch {
                logger.error("retention pass failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// One pass where this sweeper holds the lease; nil where another instance holds it.
    public func sweepIfLeased() async throws -> RetentionOutcome? {
        let moment = now()
        let until = moment.addingTimeInterval(2 * (interval / .seconds(1)))
        guard try await store.holdLease("retention", holder: holder, now: moment, until: until) else { return nil }
        let started = clock.now
        let outcome = try await store.removeExpired(policy, now: moment)
        if outcome.total > 0 {
            logger.info("retention pass", metadata: [
                "deliveries": "\(outcome.deliveries)", "attempts": "\(outcome.attempts)", "idempotency_keys": "\(outcome.idempotencyKeys)",
                "sessions": "\(outcome.sessions)", "rate_reservations": "\(outcome.rateReservations)", "alerts": "\(outcome.alerts)",
                "duration": "\(started.duration(to: clock.now))",
            ])
        }
        return outcome
    }
}
