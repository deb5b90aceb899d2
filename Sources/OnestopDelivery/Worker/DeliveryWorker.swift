import Foundation
import Logging
import OnestopDomain
import OnestopStorage
import ServiceLifecycle
import Synchronization

/// Sends the outbox: claims due deliveries with a lease, posts each signed with Standard Webhooks headers,
/// and records every attempt and what follows from it. Runs beside the server and stops with it.
///
/// Each endpoint has at most `perEndpointInFlight` deliveries in flight, so one slow or dead endpoint
/// only ever holds its own slots; results are recorded in batches, one transaction for many attempts.
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

        public init(schedule: RetrySchedule = .standard, perEndpointInFlight: Int = 4, maxInFlight: Int = 256, lease: Duration = .seconds(60),
                    pollInterval: Duration = .seconds(1), disableAfter: Duration = .seconds(5 * 86_400), backoffFloor: Duration = .seconds(60)) {
            self.schedule = schedule
            self.perEndpointInFlight = perEndpointInFlight
            self.maxInFlight = maxInFlight
            self.lease = lease
            self.pollInterval = pollInterval
            self.disableAfter = disableAfter
            self.backoffFloor = backoffFloor
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
        var inFlight: [String: Int] = [:]
        var total = 0
        var results: [DeliveryResult] = []
        var stopping = false
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
        transport.shutdown()
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func claimLoop(group: inout TaskGroup<Void>) async {
        while !stopping && !Task.isCancelled {
            let (busy, capacity) = state.withLock { ($0.inFlight, configuration.maxInFlight - $0.total) }
            var claimed: [ClaimedDelivery] = []
            if capacity > 0 {
                do {
                    let start = now()
                    claimed = try await store.claimDeliveries(
                        now: start, leaseUntil: start.addingTimeInterval(configuration.lease.seconds), limit: capacity,
                        perEndpoint: configuration.perEndpointInFlight, busy: busy)
                } catch {
                    logger.error("claiming deliveries failed", metadata: ["error": "\(error)"])
                }
            }
            state.withLock { state in
                for delivery in claimed {
                    state.inFlight[delivery.endpoint, default: 0] += 1
                    state.total += 1
                }
            }
            for delivery in claimed {
                group.addTask { await self.attempt(delivery) }
            }
            if !claimed.isEmpty && claimed.count == capacity { continue }
            await waitForWork()
        }
    }

    /// Waits until new deliveries are written, a slot frees, the next delivery falls due, or the poll interval passes.
    private func waitForWork() async {
        var wait = configuration.pollInterval
        if let due = try? await store.nextDeliveryDue() {
            let until = Duration.milliseconds(Int64(due.timeIntervalSince(now()) * 1000))
            wait = max(.zero, min(wait, until))
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

    private func attempt(_ delivery: ClaimedDelivery) async {
        let started = now()
        let timestamp = Int(started.timeIntervalSince1970)
        let secrets = delivery.secrets.compactMap(WebhookSecret.init)
        let request = OutboundRequest(url: delivery.url, headers: [
            ("Content-Type", "application/json"),
            ("webhook-id", delivery.messageID),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", WebhookSignature.header(id: delivery.messageID, timestamp: timestamp, body: delivery.payload, secrets: secrets)),
        ], body: delivery.payload)
        let response = await transport.send(request)
        let decision = DeliveryDecision(schedule: configuration.schedule, backoffFloor: configuration.backoffFloor)
        let next = decision.next(after: response, attempt: delivery.attempts + 1, now: now(), unit: Double.random(in: 0..<1))
        var error = response.error
        if error == nil, let status = response.status, (300..<400).contains(status) {
            error = "重定向未跟随 (redirect not followed)" + (response.header("Location").map { ": \($0)" } ?? "")
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
        let result = DeliveryResult(delivery: delivery.id, lease: delivery.lease, endpoint: delivery.endpoint, attempt: attempt, next: next,
                                    disableAfter: configuration.disableAfter)
        state.withLock { state in
            state.results.append(result)
            state.inFlight[delivery.endpoint, default: 1] -= 1
            if state.inFlight[delivery.endpoint] == 0 { state.inFlight.removeValue(forKey: delivery.endpoint) }
            state.total -= 1
        }
        settleBell.ring()
        store.deliveryDoorbell.ring()
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
        }
    }
}
