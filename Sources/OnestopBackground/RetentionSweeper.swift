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
        await period.run { _ = try await sweep() }
    }

    private var period: LeasedPeriod<C> {
        LeasedPeriod(name: "retention", holder: holder, store: store, clock: clock, interval: interval, now: now, logger: logger)
    }

    /// One pass where this sweeper holds the lease; nil where another instance holds it.
    public func sweepIfLeased() async throws -> RetentionOutcome? {
        guard try await period.hold() else { return nil }
        return try await sweep()
    }

    private func sweep() async throws -> RetentionOutcome {
        let started = clock.now
        let outcome = try await store.removeExpired(policy, now: now())
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
