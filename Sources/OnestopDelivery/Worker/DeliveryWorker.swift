import Foundation
import Logging
import OnestopDomain
import OnestopStorage
import ServiceLifecycle
import Synchronization

/// Sends the outbox: claims due deliveries with a lease, posts each signed with Standard Webhooks headers
/// (or, for a group robot, as that platform's message), and records every attempt and what follows from it.
/// Runs beside the server and stops with it.
///
/// Each endpoint has at most `perEndpointInFlight` deliveries in flight (a robot one, so that a group reads
/// messages in order), so one slow or dead endpoint only ever holds its own slots; an endpoint with a rate
/// limit is claimed from only as fast as it may be sent to. Results are recorded in batches, one transaction
/// for many attempts.
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
        /// Endpoints with a rate limit, as last claimed.
        var limiters: [String: EndpointRateLimiter] = [:]
        /// Robot endpoints, one delivery in flight each.
        var robots: Set<String> = []

        func inFlightLimit(_ endpoint: String, _ configured: Int) -> Int { robots.contains(endpoint) ? 1 : configured }

        /// Remembers what claims say about their endpoints' limits.
        mutating func learn(_ delivery: ClaimedDelivery, minute: Duration) {
            if delivery.format.isRobot { robots.insert(delivery.endpoint) } else { robots.remove(delivery.endpoint) }
            if let rate = delivery.rateLimit {
                if limiters[delivery.endpoint]?.rate != rate { limiters[delivery.endpoint] = EndpointRateLimiter(rate: rate, minute: minute) }
            } else {
                limiters.removeValue(forKey: delivery.endpoint)
            }
        }
    }

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
            let (held, capacity, opening) = state.withLock { state -> ([String: Int], Int, Date?) in
                var held = state.inFlight
                for (endpoint, waiting) in state.queued { held[endpoint, default: 0] += waiting.count }
                // A limited endpoint may be claimed from only as many as it may be sent now; `opening` is when
                // the first exhausted one may be sent to again.
                var opening: Date?
                for endpoint in state.robots.union(state.limiters.keys) {
                    let own = 2 * state.inFlightLimit(endpoint, limit)
                    let allowed = state.limiters[endpoint].map { min(own, $0.available(at: at)) } ?? own
                    if allowed == 0, let next = state.limiters[endpoint]?.nextOpening(after: at) { opening = min(opening ?? next, next) }
                    held[endpoint] = 2 * limit - max(0, allowed - held[endpoint, default: 0])
                }
                return (held, 2 * configuration.maxInFlight - state.total - state.totalQueued, opening)
            }
            var claimed: [ClaimedDelivery] = []
            if capacity > 0 {
                do {
                    let start = now()
                    claimed = try await store.claimDeliveries(
                        now: start, leaseUntil: start.addingTimeInterval(configuration.lease.seconds), limit: capacity,
                        perEndpoint: 2 * limit, busy: held.filter { $0.value > 0 })
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
            let full = Set(held.filter { $0.value >= 2 * limit }.keys)
            await waitForWork(lookAhead: claimed.isEmpty && capacity > 0, excluding: full, opening: opening)
        }
    }

    /// One of an endpoint's slots: attempts a delivery, then the next one claimed for the same endpoint, until none waits.
    private func slot(_ first: ClaimedDelivery) async {
        var next: ClaimedDelivery? = first
        while let delivery = next {
            var result: DeliveryResult?
            switch admit(delivery) {
            case .now:
                result = await attempt(delivery)
            case .after(let wait):
                try? await clock.sleep(for: wait)
                result = await attempt(delivery)
            case .handBack(let until):
                await handBack(delivery, until: until)
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
        case after(Duration)
        /// Not within the lease: hand it back, due when the endpoint may be sent to again.
        case handBack(until: Date)
    }

    /// Whether the endpoint's rate limit lets the delivery go now, soon (its send time is reserved), or only
    /// later than its lease allows waiting for.
    private func admit(_ delivery: ClaimedDelivery) -> Admission {
        let at = now()
        let longest = configuration.lease.seconds / 2
        return state.withLock { state -> Admission in
            guard var limiter = state.limiters[delivery.endpoint] else { return .now }
            let earliest = limiter.earliest(from: at)
            let wait = earliest.timeIntervalSince(at)
            if wait > longest { return .handBack(until: earliest) }
            _ = limiter.reserve(from: at)
            state.limiters[delivery.endpoint] = limiter
            return wait > 0 ? .after(.milliseconds(Int64(wait * 1000))) : .now
        }
    }

    /// Hands back a delivery and every other claimed for its endpoint, due at `until`.
    private func handBack(_ delivery: ClaimedDelivery, until: Date) async {
        let waiting = state.withLock { state -> [ClaimedDelivery] in
            let waiting = state.queued.removeValue(forKey: delivery.endpoint) ?? []
            state.totalQueued -= waiting.count
            return waiting
        }
        let claims = ([delivery] + waiting).map { ($0.id, $0.lease) }
        do {
            try await store.releaseDeliveries(claims, at: until)
        } catch {
            logger.warning("could not hand back rate-limited deliveries; they are due again when their lease ends",
                           metadata: ["endpoint": "\(delivery.endpoint)", "error": "\(error)"])
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
        let doorbell = store.deliveryDoorbell
        let clock = self.clock
        let pause = wait
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await doorbell.wait() }
            group.addTask { try? await clock.sleep(for: pause) }
            await group.next()
            group.cancelAll()
        }
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
            let timestamp = Int(started.timeIntervalSince1970)
            let secrets = delivery.secrets.compactMap(WebhookSecret.init)
            request = OutboundRequest(url: delivery.url, headers: [
                ("Content-Type", "application/json"),
                ("webhook-id", delivery.messageID),
                ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", WebhookSignature.header(id: delivery.messageID, timestamp: timestamp, body: delivery.payload, secrets: secrets)),
            ], body: delivery.payload)
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
                state.withLock { state in
                    var limiter = state.limiters[delivery.endpoint] ?? EndpointRateLimiter(rate: EndpointRate(), minute: configuration.rateMinute)
                    limiter.pause(until: until)
                    state.limiters[delivery.endpoint] = limiter
                }
                next = decision.retry(attempt: delivery.attempts + 1, now: finished, unit: unit, atLeast: pause)
            case .signatureRejected, .rejected, .unreadable:
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
                              disableAfter: configuration.disableAfter)
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
                        metrics.recordDisabledEndpoint()
                        logger.warning("endpoint disabled", metadata: [
                            "alert": "\(alert.kind.rawValue)", "endpoint": "\(alert.endpoint ?? "-")", "message": "\(alert.message)",
                        ])
                    }
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
