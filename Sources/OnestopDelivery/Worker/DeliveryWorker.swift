import Foundation
import Logging
import OnestopDomain
import OnestopStore
import ServiceLifecycle
import Synchronization

/// Sends the outbox: claims due deliveries with a lease, posts each signed with Standard Webhooks headers
/// (or, for a group robot, as that platform's message), and records every attempt and what follows from it.
/// Runs beside the server and stops with it.
///
/// Each endpoint has at most `perEndpointInFlight` deliveries in flight, so one slow or dead endpoint only
/// ever holds its own slots. A robot has one in flight and one claimed ahead, oldest first, so that a group
/// reads messages in order. Each send to an endpoint with a rate limit (every robot has one) is reserved in
/// the store, which every instance shares, and the endpoint is claimed from only as fast as it may be sent to. Results are recorded in batches, one transaction for many attempts.
public final class DeliveryWorker: ServiceLifecycle.Service, Sendable {
    public struct Configuration: Sendable {
        public var schedule: RetrySchedule
        public var perEndpointInFlight: Int
        public var maxInFlight: Int
        /// How long a claim holds a delivery; longer than the transport's total time-out. A delivery
        /// whose worker died is due again when its lease ends.
        public var lease: Duration
        /// How often to look for due deliveries when nothing rings (deliveries written by another process,
        /// retries falling due).
        public var pollInterval: Duration
        /// An endpoint with nothing but failures for this long is disabled.
        public var disableAfter: Duration
        /// The least wait after 429, 503 or a time-out.
        public var backoffFloor: Duration
        /// Where stations reach the console, for the links in robots' messages.
        public var consoleBaseURL: String
        /// How long a robot rests after its platform says it sent too much; nil for each platform's own window.
        public var throttledPause: Duration?
        /// The length of a rate limit's minute: 60 seconds, shorter only in tests.
        public var rateMinute: Duration
        /// How long to wait before trying again to record attempts the database refused for want of space.
        public var storageRetry: Duration = .seconds(1)

        public init(schedule: RetrySchedule = .standard, perEndpointInFlight: Int = 4, maxInFlight: Int = 256, lease: Duration = .seconds(60),
                    pollInterval: Duration = .seconds(1), disableAfter: Duration = .seconds(5 * 86_400), backoffFloor: Duration = .seconds(60),
                    consoleBaseURL: String = "http://127.0.0.1:8080", throttledPause: Duration? = nil, rateMinute: Duration = .seconds(60)) {
            self.schedule = schedule
            self.perEndpointInFlight = perEndpointInFlight
            self.maxInFlight = maxInFlight
            self.lease = lease
            self.pollInterval = pollInterval
            self.disableAfter = disableAfter
            self.backoffFloor = backoffFloor
            self.consoleBaseURL = consoleBaseURL
            self.throttledPause = throttledPause
            self.rateMinute = rateMinute
        }
    }

    private let store: any DeliveryStore
    private let transport: CurlTransport
    private let configuration: Configuration
    private let metrics: DeliveryMetrics
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())
    private let settleBell = DeliveryDoorbell()

    private struct State {
        /// Deliveries being attempted, per endpoint.
        var inFlight: [String: Int] = [:]
        var total = 0
        /// Claimed and waiting for a slot of their endpoint: each endpoint keeps up to its limit claimed
        /// ahead, so that a slot that frees sends the next at once, without waiting for the database.
        var queued: [String: [ClaimedDelivery]] = [:]
        var totalQueued = 0
        var results: [DeliveryResult] = []
        var stopping = false
        /// The database refused to record attempts for want of space: nothing more is claimed (and so nothing
        /// more sent) until the attempts already made are recorded.
        var storageFull = false
        /// Robots, as last claimed: one in flight, two claimed at most.
        var robots: Set<String> = []
        /// Endpoints that just answered that they are gone, left unclaimed until the store has disabled them.
        var gone: [String: Date] = [:]
        /// What this worker knows of rate-limited endpoints' recent sends and pauses, from its last reservation.
        var windows: [String: RateWindow] = [:]

        /// Deliveries in flight at most for an endpoint: one for a robot.
        func inFlightLimit(_ endpoint: String, _ configured: Int) -> Int { robots.contains(endpoint) ? 1 : configured }

        /// Remembers what claims say about their endpoints' limits.
        mutating func learn(_ delivery: ClaimedDelivery, minute: Duration) {
            if delivery.format.isRobot {
                robots.insert(delivery.endpoint)
            } else {
                robots.remove(delivery.endpoint)
            }
            if let rate = delivery.rateLimit {
                if windows[delivery.endpoint]?.rate != rate { windows[delivery.endpoint] = RateWindow(rate: rate, minute: minute) }
            } else {
                windows.removeValue(forKey: delivery.endpoint)
            }
        }
    }

    /// Deliveries claimed at most per robot: one in flight, one waiting.
    static let robotClaim = 2

    public init(store: any DeliveryStore, transport: CurlTransport, configuration: Configuration = Configuration(),
                metrics: DeliveryMetrics, clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
                logger: Logger) {
        self.store = store
        self.transport = transport
        self.configuration = configuration
        self.metrics = metrics
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.settleLoop() }
                await self.claimLoop(group: &group)
                self.settleBell.ring()
                await group.waitForAll()
            }
        } onGracefulShutdown: {
            self.state.withLock { $0.stopping = true }
            self.store.deliveryDoorbell.ring()
        }
        await releaseQueued()
        transport.shutdown()
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func claimLoop(group: inout TaskGroup<Void>) async {
        let limit = configuration.perEndpointInFlight
        while !stopping && !Task.isCancelled {
            let at = now()
            let (held, full, capacity, opening) = state.withLock { state -> ([String: Int], Set<String>, Int, Date?) in
                var held = state.inFlight
                for (endpoint, waiting) in state.queued { held[endpoint, default: 0] += waiting.count }
                var full = Set(held.filter { $0.value >= (state.robots.contains($0.key) ? Self.robotClaim : 2 * limit) }.keys)
                // A rate-limited endpoint that may not be sent to now is not claimed from; `opening` is when the first
                // such one may be sent to again.
                var opening: Date?
                state.gone = state.gone.filter { $0.value > at }
                for endpoint in state.gone.keys {
                    held[endpoint] = 2 * limit
                    full.insert(endpoint)
                }
                for (endpoint, window) in state.windows where window.available(at: at) == 0 {
                    held[endpoint] = 2 * limit
                    full.insert(endpoint)
                    if let next = window.nextOpening(after: at) { opening = min(opening ?? next, next) }
                }
                return (held, full, 2 * configuration.maxInFlight - state.total - state.totalQueued, opening)
            }
            var claimed: [ClaimedDelivery] = []
            if capacity > 0 && !state.withLock({ $0.storageFull }) {
                do {
                    let start = now()
                    claimed = try await store.claimDeliveries(
                        now: start, leaseUntil: start.addingTimeInterval(configuration.lease.seconds), limit: capacity,
                        perEndpoint: 2 * limit, perRobot: Self.robotClaim, busy: held)
                } catch {
                    logger.error("claiming deliveries failed", metadata: ["error": "\(error)"])
                }
            }
            let starting = state.withLock { state -> [ClaimedDelivery] in
                for delivery in claimed {
                    state.learn(delivery, minute: configuration.rateMinute)
                    state.queued[delivery.endpoint, default: []].append(delivery)
                }
                state.totalQueued += claimed.count
                var starting: [ClaimedDelivery] = []
                for endpoint in Set(claimed.map(\.endpoint)) {
                    while state.inFlight[endpoint, default: 0] < state.inFlightLimit(endpoint, limit), state.total < configuration.maxInFlight,
                        let next = state.queued[endpoint]?.first
                    {
                        state.queued[endpoint]?.removeFirst()
                        state.totalQueued -= 1
                        state.inFlight[endpoint, default: 0] += 1
                        state.total += 1
                        starting.append(next)
                    }
                }
                return starting
            }
            for delivery in starting {
                group.addTask { await self.slot(delivery) }
            }
            if !claimed.isEmpty && claimed.count == capacity { continue }
            // Endpoints holding all they may claim are refilled when a slot frees (the slot rings), not by the clock.
            await waitForWork(lookAhead: claimed.isEmpty && capacity > 0, excluding: full, opening: opening)
        }
    }

    /// One of an endpoint's slots: attempts a delivery, then the next one claimed for the same endpoint, until none waits.
    private func slot(_ first: ClaimedDelivery) async {
        var next: ClaimedDelivery? = first
        while let delivery = next {
            var result: DeliveryResult?
            switch await admit(delivery) {
            case .now:
                result = await attempt(delivery)
            case .at(let time):
                if await waitUntil(time) {
                    result = await attempt(delivery)
                } else {
                    await handBack(delivery, until: time)
                }
            case .handBack(let until):
                await handBack(delivery, until: until)
            }
            if result?.next == .endpointGone {
                // What waits for a gone endpoint stays pending, for when staff enable it again; this worker leaves
                // it alone until the result, recorded in a moment, has disabled the endpoint.
                let at = now()
                state.withLock { $0.gone[delivery.endpoint] = at.addingTimeInterval(30) }
                await handBack(nil, endpoint: delivery.endpoint, until: at)
            }
            let (following, refill) = state.withLock { state -> (ClaimedDelivery?, Bool) in
                if let result { state.results.append(result) }
                if !state.stopping, let waiting = state.queued[delivery.endpoint], !waiting.isEmpty {
                    state.queued[delivery.endpoint]?.removeFirst()
                    state.totalQueued -= 1
                    return (waiting[0], waiting.count - 1 <= configuration.perEndpointInFlight / 2)
                }
                state.inFlight[delivery.endpoint, default: 1] -= 1
                if state.inFlight[delivery.endpoint] == 0 { state.inFlight.removeValue(forKey: delivery.endpoint) }
                state.total -= 1
                return (nil, true)
            }
            if result != nil { settleBell.ring() }
            if refill { store.deliveryDoorbell.ring() }
            next = following
        }
    }

    private enum Admission {
        case now
        /// At this reserved time.
        case at(Date)
        /// Not within the lease: hand it back, due when the endpoint may be sent to again.
        case handBack(until: Date)
    }

    /// When the endpoint's rate limit lets the delivery go: now, at a time reserved in the store (shared by
    /// every instance), or later than its lease allows waiting for.
    private func admit(_ delivery: ClaimedDelivery) async -> Admission {
        guard let rate = delivery.rateLimit else { return .now }
        let at = now()
        // Half the lease is left for the attempt itself (the lease is more than twice the time-out), however long
        // the delivery waited for the one ahead of it.
        let latest = min(at.addingTimeInterval(configuration.lease.seconds / 4), delivery.leaseUntil.addingTimeInterval(-configuration.lease.seconds / 2))
        let paused = state.withLock { $0.windows[delivery.endpoint]?.pausedUntil }
        if let paused, paused > at { return .handBack(until: paused) }
        do {
            let reservation = try await store.reserveSend(endpoint: delivery.endpoint, rate: rate, minute: configuration.rateMinute, now: at,
                                                          latest: latest)
            state.withLock { state in
                var window = reservation.window
                if let paused = state.windows[delivery.endpoint]?.pausedUntil { window.pause(until: paused) }
                state.windows[delivery.endpoint] = window
            }
            guard reservation.reserved else { return .handBack(until: reservation.at) }
            return reservation.at > at ? .at(reservation.at) : .now
        } catch {
            logger.warning("could not reserve a send under the rate limit; trying again shortly",
                           metadata: ["endpoint": "\(delivery.endpoint)", "error": "\(error)"])
            return .handBack(until: at.addingTimeInterval(1))
        }
    }

    /// Sleeps until `time`; false when the worker began to stop first.
    private func waitUntil(_ time: Date) async -> Bool {
        while !stopping {
            let left = time.timeIntervalSince(now())
            if left <= 0 { return true }
            try? await clock.sleep(for: .milliseconds(Int64(min(left, 0.2) * 1000)))
        }
        return false
    }

    /// Hands back a delivery and every other claimed for its endpoint, due at `until`.
    private func handBack(_ delivery: ClaimedDelivery, until: Date) async {
        await handBack(delivery, endpoint: delivery.endpoint, until: until)
    }

    private func handBack(_ delivery: ClaimedDelivery?, endpoint: String, until: Date) async {
        let waiting = state.withLock { state -> [ClaimedDelivery] in
            let waiting = state.queued.removeValue(forKey: endpoint) ?? []
            state.totalQueued -= waiting.count
            return waiting
        }
        let claims = ((delivery.map { [$0] } ?? []) + waiting).map { ($0.id, $0.lease) }
        guard !claims.isEmpty else { return }
        do {
            try await store.releaseDeliveries(claims, at: until)
        } catch {
            logger.warning("could not hand back deliveries; they are due again when their lease ends",
                           metadata: ["endpoint": "\(endpoint)", "error": "\(error)"])
        }
    }

    /// Hands back what was claimed but never attempted, so that it is due at once rather than when its lease ends.
    private func releaseQueued() async {
        let waiting = state.withLock { state -> [ClaimedDelivery] in
            let all = state.queued.values.flatMap { $0 }
            state.queued.removeAll()
            state.totalQueued = 0
            return all
        }
        guard !waiting.isEmpty else { return }
        do {
            try await store.releaseDeliveries(waiting.map { ($0.id, $0.lease) }, at: now())
        } catch {
            logger.warning("could not hand back claimed deliveries; they are due again when their lease ends",
                           metadata: ["count": "\(waiting.count)", "error": "\(error)"])
        }
    }

    /// Waits until new deliveries are written, a slot frees, the next delivery falls due, or the poll interval passes.
    /// `lookAhead`: nothing was due, so ask the store when something will be.
    /// `opening`: when an endpoint that has used up its rate limit may be sent to again.
    private func waitForWork(lookAhead: Bool, excluding full: Set<String>, opening: Date?) async {
        var wait = configuration.pollInterval
        var until: Date? = opening
        if lookAhead, let due = try? await store.nextDeliveryDue(excluding: full) { until = min(until ?? due, due) }
        if let until {
            // Never less than a few milliseconds after a claim that found nothing, so that no edge case spins.
            wait = max(.milliseconds(5), min(wait, .milliseconds(Int64(until.timeIntervalSince(now()) * 1000))))
        }
        guard wait > .zero, !stopping else { return }
        await store.deliveryDoorbell.wait(atMost: wait, on: clock)
    }

    private func attempt(_ delivery: ClaimedDelivery) async -> DeliveryResult {
        let started = now()
        let robot = RobotDelivery(delivery)
        let request: OutboundRequest
        if let robot {
            guard let notice = try? RobotNotice(body: delivery.payload) else {
                let attempt = DeliveryAttempt(at: started, statusCode: nil, durationMilliseconds: 0, response: nil,
                                              error: "事件无法转为群消息 (the event could not be made into a group message)")
                return DeliveryResult(delivery: delivery.id, lease: delivery.lease, endpoint: delivery.endpoint, attempt: attempt, next: .failed,
                                      disableAfter: configuration.disableAfter)
            }
            let body = robot.message.body(for: notice, baseURL: configuration.consoleBaseURL, now: started)
            request = robot.request(url: delivery.url, body: body, at: started)
        } else {
            request = WebhookSignature.request(url: delivery.url, id: delivery.messageID, body: delivery.payload, secrets: delivery.secrets,
                                               at: started)
        }
        let response = await transport.send(request)
        let decision = DeliveryDecision(schedule: configuration.schedule, backoffFloor: configuration.backoffFloor)
        let finished = now()
        let unit = Double.random(in: 0..<1)
        var next = decision.next(after: response, attempt: delivery.attempts + 1, now: finished, unit: unit)
        var error = response.error
        if error == nil, let status = response.status, (300..<400).contains(status) {
            error = "重定向未跟随 (redirect not followed)" + (response.header("Location").map { ": \($0)" } ?? "")
        }
        var pauseUntil: Date?
        var signatureRefused = false
        if let robot, let (answer, robotError) = robot.judge(response) {
            error = robotError
            switch answer {
            case .delivered:
                next = .succeeded
            case .robotGone:
                next = .endpointGone
            case .rateLimited:
                let pause = configuration.throttledPause ?? robot.platform.throttledPause
                let until = finished.addingTimeInterval(pause.seconds)
                pauseUntil = until
                state.withLock { state in
                    var window = state.windows[delivery.endpoint] ?? RateWindow(rate: EndpointRate(), minute: configuration.rateMinute)
                    window.pause(until: until)
                    state.windows[delivery.endpoint] = window
                }
                next = decision.retry(attempt: delivery.attempts + 1, now: finished, unit: unit, atLeast: pause)
                // Being told to slow down is no sign of a broken robot: it is tried again past the schedule, up to twice its length.
                if next == .failed && delivery.attempts + 1 < 2 * configuration.schedule.delays.count { next = .retry(at: until) }
            case .signatureRejected:
                signatureRefused = true
                next = decision.retry(attempt: delivery.attempts + 1, now: finished, unit: unit)
            case .rejected, .unreadable:
                next = decision.retry(attempt: delivery.attempts + 1, now: finished, unit: unit)
            }
        }
        let attempt = DeliveryAttempt(
            at: started, statusCode: response.status, durationMilliseconds: Int(response.duration.seconds * 1000),
            response: response.body.isEmpty ? nil : String(decoding: response.body, as: UTF8.self), error: error)
        metrics.recordAttempt(next, duration: response.duration)
        if next != .succeeded {
            logger.info("webhook attempt failed", metadata: [
                "delivery": "\(delivery.id)", "endpoint": "\(delivery.endpoint)", "attempt": "\(delivery.attempts + 1)",
                "status": "\(response.status.map(String.init) ?? "-")", "error": "\(error ?? "-")", "next": "\(next)",
            ])
        }
        return DeliveryResult(delivery: delivery.id, lease: delivery.lease, endpoint: delivery.endpoint, attempt: attempt, next: next,
                              disableAfter: configuration.disableAfter, pauseEndpointUntil: pauseUntil,
                              signatureRefused: signatureRefused)
    }

    /// Records finished attempts in batches until the worker stops and every attempt in flight is recorded.
    private func settleLoop() async {
        while true {
            let (results, done) = state.withLock { state -> ([DeliveryResult], Bool) in
                let results = state.results
                state.results.removeAll()
                return (results, state.stopping && state.total == 0)
            }
            if !results.isEmpty {
                do {
                    for alert in try await store.settleDeliveries(results) {
                        if alert.kind == .endpointDisabled { metrics.recordDisabledEndpoint() }
                        logger.warning(alert.kind == .endpointDisabled ? "endpoint disabled" : "robot refused the signature", metadata: [
                            "alert": "\(alert.kind.rawValue)", "endpoint": "\(alert.endpoint ?? "-")", "message": "\(alert.message)",
                        ])
                    }
                    state.withLock { $0.storageFull = false }
                } catch let error as any StorageFullSignal where error.isStorageFull && !stopping {
                    // Sent but not recorded: kept here and recorded when space returns, rather than sent again
                    // when their leases end (a group robot has no webhook-id to tell a repeat by).
                    let first = state.withLock { state -> Bool in
                        state.results.insert(contentsOf: results, at: 0)
                        defer { state.storageFull = true }
                        return !state.storageFull
                    }
                    if first {
                        logger.critical("the database refuses to record delivery attempts for want of space; nothing more is sent until it can",
                                        metadata: ["count": "\(results.count)"])
                    }
                    try? await clock.sleep(for: configuration.storageRetry)
                } catch {
                    logger.error("recording delivery attempts failed; their leases will expire and they will be sent again",
                                 metadata: ["error": "\(error)", "count": "\(results.count)"])
                }
                continue
            }
            if done { return }
            await settleBell.wait()
            // Let a busy worker's results gather, so that one transaction records many attempts.
            if state.withLock({ $0.total > 1 && !$0.stopping }) { try? await clock.sleep(for: .milliseconds(2)) }
        }
    }
}
