import Foundation
import Logging
import OnestopDomain
import OnestopStore
import ServiceLifecycle

/// Escalates to the municipal platform every request its station has not accepted by the deadline, and
/// announces to it, once, every accepted request past its promised day and every bad review whose
/// follow-up is unanswered past its deadline.
///
/// Runs as a lifecycle service beside the server: a pass every `interval`, ending on graceful
/// shutdown. With several instances on one database, the pass runs only where the lease is held
/// (`deadline-escalation`, for two intervals, renewed by each pass), so one instance escalates at a time
/// and another takes over when it stops. Time comes from the injected clock (for sleeping) and `now` (for deadlines), so tests
/// move time instead of waiting.
public struct DeadlineEscalator<C: Clock>: ServiceLifecycle.Service where C.Duration == Duration {
    let store: any RequestStore & LeaseStore
    /// Who holds the lease: this escalator, for as long as the process lives.
    let holder = "escalator-" + UUID().uuidString.prefix(8).lowercased()
    let clock: C
    let interval: Duration
    let now: @Sendable () -> Date
    let acknowledgement: AcknowledgementPolicy
    let logger: Logger

    /// - Parameter acknowledgement: how long the platform has to accept an escalated request.
    public init(store: any RequestStore & LeaseStore, clock: C, interval: Duration = .seconds(60), now: @escaping @Sendable () -> Date = Date.init,
                acknowledgement: AcknowledgementPolicy, logger: Logger) {
        self.store = store
        self.clock = clock
        self.interval = interval
        self.now = now
        self.acknowledgement = acknowledgement
        self.logger = logger
    }

    public func run() async throws {
        await LeasedPeriod(name: "deadline-escalation", holder: holder, store: store, clock: clock, interval: interval, now: now, logger: logger)
            .run {
                _ = try await escalateDue()
                _ = try await flagOverdue()
                _ = try await escalateFollowUps()
            }
    }

    /// One pass: escalates every request past its deadline now, and returns how many.
    @discardableResult
    public func escalateDue(batch: Int = 100) async throws -> Int {
        try await drain(batch: batch, due: { moment in try await store.requestsPastDeadline(at: moment, limit: batch) }) { id, moment in
            RequestChange(requestID: id, action: .escalate, actor: .system, actorName: "system",
                          note: "服务站未在时限内受理，已转市级平台 (not accepted in time; escalated to the platform)",
                          at: moment, acknowledgement: acknowledgement)
        } logged: { stored in
            logger.notice("request escalated", metadata: ["request": "\(stored.request.id)", "to": "\(stored.request.station ?? "-")"])
        }
    }

    /// One pass: flags and announces (`request.overdue`) every accepted request past its promised day, and
    /// returns how many. A request flagged once is not flagged again until its promise moves.
    @discardableResult
    public func flagOverdue(batch: Int = 100) async throws -> Int {
        try await drain(batch: batch, due: { moment in
            try await store.requestsPastPromise(today: WorkingCalendar.china.civilDay(of: moment), limit: batch)
        }) { id, moment in
            RequestChange(requestID: id, action: .flagOverdue, actor: .system, actorName: "system", at: moment, acknowledgement: acknowledgement)
        } logged: { stored in
            logger.notice("request overdue", metadata: ["request": "\(stored.request.id)"])
        }
    }

    /// One pass: announces (`request.follow_up_escalated`) every bad review whose station has not followed it up
    /// by the deadline, and returns how many. Each is announced once.
    @discardableResult
    public func escalateFollowUps(batch: Int = 100) async throws -> Int {
        try await drain(batch: batch, due: { moment in try await store.followUpsPastDeadline(at: moment, limit: batch) }) { id, moment in
            RequestChange(requestID: id, step: .escalate, actor: .system, actorName: "system", at: moment, policy: .standard,
                          acknowledgement: acknowledgement)
        } logged: { stored in
            logger.notice("bad review's follow-up escalated", metadata: ["request": "\(stored.request.id)"])
        }
    }

    /// Takes `change` for every request `due` lists, a batch at a time, until a batch is short or changes nothing
    /// (another instance, or a firm, got there first), and returns how many changed.
    private func drain(batch: Int, due: (Date) async throws -> [String], change: (String, Date) -> RequestChange,
                       logged: (StoredServiceRequest) -> Void) async throws -> Int
    {
        var total = 0
        while true {
            let moment = now()
            let ids = try await due(moment)
            if ids.isEmpty { return total }
            var changed = 0
            for id in ids {
                if case .changed(let stored) = try await store.transitionRequest(change(id, moment)) {
                    changed += 1
                    logged(stored)
                }
            }
            total += changed
            if changed == 0 || ids.count < batch { return total }
        }
    }
}
