import Foundation
import Logging
import OnestopDomain
import OnestopStore
import ServiceLifecycle
import Synchronization

/// Sends the firms' notices: claims due ones with a lease, keeps each number within its limits (counted in the
/// store, across instances), sends through the configured SMS provider or mail server with libcurl, and records
/// every attempt and what follows from it in batches. Runs beside the server and stops with it.
///
/// A transient answer (a per-number limit, a system error, a time-out) is tried again on the retry schedule; a
/// permanent one ends the notice; a wrong number or address ends every notice of the request on that channel. The
/// number or address is never logged.
public final class NoticeWorker: ServiceLifecycle.Service, Sendable {
    public struct Configuration: Sendable {
        public var providers: NoticeProviders
        /// How long a claim holds a notice; longer than the transport's total time-out.
        public var lease: Duration
        public var pollInterval: Duration
        /// Notices being sent at most at once.
        public var maxInFlight: Int

        public init(providers: NoticeProviders, lease: Duration = .seconds(60), pollInterval: Duration = .seconds(1), maxInFlight: Int = 32) {
            self.providers = providers
            self.lease = lease
            self.pollInterval = pollInterval
            self.maxInFlight = maxInFlight
        }
    }

    private let store: any NoticeStore
    private let transport: CurlTransport
    private let configuration: Configuration
    private let sender: NoticeSender
    private let metrics: DeliveryMetrics
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> Date
    private let logger: Logger
    private let state = Mutex(State())
    private let settleBell = DeliveryDoorbell()
    private let slotBell = DeliveryDoorbell()

    private struct State {
        var inFlight = 0
        var results: [NoticeResult] = []
        var stopping = false
    }

    /// `links` makes the short links; it must use the server's secret, as the server's own `/t/` route does.
    public init(store: any NoticeStore, transport: CurlTransport, configuration: Configuration, links: ShortLinks, metrics: DeliveryMetrics,
                clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.store = store
        self.transport = transport
        self.configuration = configuration
        self.sender = NoticeSender(providers: configuration.providers, links: links)
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
            self.store.noticeDoorbell.ring()
            self.slotBell.ring()
        }
        transport.shutdown()
    }

    private var stopping: Bool { state.withLock { $0.stopping } }

    private func claimLoop(group: inout TaskGroup<Void>) async {
        while !stopping && !Task.isCancelled {
            let room = configuration.maxInFlight - state.withLock { $0.inFlight }
            guard room > 0 else {
                await slotBell.wait()
                continue
            }
            var claimed: [ClaimedNotice] = []
            let at = now()
            do {
                claimed = try await store.claimNotices(now: at, leaseUntil: at.addingTimeInterval(configuration.lease.seconds), limit: room)
            } catch {
                logger.error("claiming notices failed", metadata: ["error": "\(error)"])
            }
            state.withLock { $0.inFlight += claimed.count }
            // One number's notices go one after another, oldest first, so that a firm reads them in order and its
            // limits are never raced; different numbers go at once.
            var byRecipient: [String: [ClaimedNotice]] = [:]
            var order: [String] = []
            for notice in claimed.sorted(by: { $0.id < $1.id }) {
                if byRecipient[notice.recipientKey] == nil { order.append(notice.recipientKey) }
                byRecipient[notice.recipientKey, default: []].append(notice)
            }
            for key in order {
                let notices = byRecipient[key] ?? []
                group.addTask {
                    var unreachable: Set<String> = []
                    for notice in notices {
                        // Once a number or address proved unreachable, recording that ends the rest of the request's on its channel.
                        let channel = "\(notice.requestID) \(notice.channel.rawValue)"
                        let result = unreachable.contains(channel) ? nil : await self.attempt(notice)
                        if result?.next == .unreachable { unreachable.insert(channel) }
                        self.state.withLock { state in
                            if let result { state.results.append(result) }
                            state.inFlight -= 1
                        }
                        self.settleBell.ring()
                        self.slotBell.ring()
                    }
                }
            }
            if claimed.count == room { continue }
            await waitForWork(lookAhead: claimed.isEmpty)
        }
    }

    private func waitForWork(lookAhead: Bool) async {
        var wait = configuration.pollInterval
        if lookAhead, let due = try? await store.nextNoticeDue() {
            wait = max(.milliseconds(5), min(wait, .milliseconds(Int64(due.timeIntervalSince(now()) * 1000))))
        }
        guard !stopping else { return }
        await store.noticeDoorbell.wait(atMost: wait, on: clock)
    }

    /// One notice: within its number's limits, sent, judged.
    func attempt(_ notice: ClaimedNotice) async -> NoticeResult {
        func result(_ next: NoticeResult.Next, _ attempt: NoticeAttempt?) -> NoticeResult {
            NoticeResult(notice: notice.id, lease: notice.lease, requestID: notice.requestID, channel: notice.channel, attempt: attempt, next: next)
        }
        let started = now()
        let request: OutboundRequest
        let judge: (OutboundResponse) -> NoticeVerdict
        switch sender.prepare(notice, at: started) {
        case .failure(let problem):
            let attempt = NoticeAttempt(at: started, durationMilliseconds: 0, providerCode: nil, error: problem.description)
            metrics.recordNotice(notice.channel, .failed, duration: .zero)
            logger.warning("a notice cannot be sent as configured", metadata: ["notice": "\(notice.id)", "error": "\(problem)"])
            return result(.failed, attempt)
        case .success(let prepared):
            (request, judge) = prepared
        }
        do {
            if let next = try await store.reserveNoticeSend(recipient: notice.recipientKey, limits: configuration.providers.limits, now: started) {
                return result(.deferred(until: next), nil)
            }
        } catch {
            logger.warning("could not reserve a send under the per-number limits; trying again shortly", metadata: ["error": "\(error)"])
            return result(.deferred(until: started.addingTimeInterval(1)), nil)
        }
        let response = await transport.send(request)
        let finished = now()
        let verdict = judge(response)
        let next: NoticeResult.Next
        var code: String?
        var error: String?
        switch verdict {
        case .sent(let id):
            (code, next) = ("OK", .sent(providerID: id))
        case .transient(let answer, let text, let atLeast):
            (code, error) = (answer, text)
            if let delay = configuration.providers.schedule.delay(afterAttempt: notice.attempts + 1, unit: Double.random(in: 0..<1)) {
                next = .retry(at: finished.addingTimeInterval(max(delay.seconds, atLeast)))
            } else {
                next = .failed
            }
        case .permanent(let answer, let text):
            (code, error, next) = (answer, text, .failed)
        case .unreachable(let answer, let text):
            (code, error, next) = (answer, text, .unreachable)
        }
        metrics.recordNotice(notice.channel, next, duration: response.duration)
        if case .sent = next {} else {
            logger.info("notice attempt failed", metadata: [
                "notice": "\(notice.id)", "request": "\(notice.requestID)", "channel": "\(notice.channel.rawValue)", "event": "\(notice.event.rawValue)",
                "attempt": "\(notice.attempts + 1)", "code": "\(code ?? "-")", "next": "\(next)",
            ])
        }
        return result(next, NoticeAttempt(at: started, durationMilliseconds: Int(response.duration.seconds * 1000), providerCode: code, error: error))
    }

    /// Records finished attempts in batches until the worker stops and every attempt in flight is recorded.
    private func settleLoop() async {
        while true {
            let (results, done) = state.withLock { state -> ([NoticeResult], Bool) in
                let results = state.results
                state.results.removeAll()
                return (results, state.stopping && state.inFlight == 0)
            }
            if !results.isEmpty {
                do {
                    try await store.settleNotices(results)
                } catch {
                    // Sent but not recorded: kept and recorded again shortly rather than sent again when the leases end.
                    logger.error("recording notice attempts failed; trying again", metadata: ["error": "\(error)", "count": "\(results.count)"])
                    state.withLock { $0.results.insert(contentsOf: results, at: 0) }
                    if stopping { return }
                    try? await clock.sleep(for: .seconds(1))
                }
                continue
            }
            if done { return }
            await settleBell.wait()
            if state.withLock({ $0.inFlight > 1 && !$0.stopping }) { try? await clock.sleep(for: .milliseconds(2)) }
        }
    }
}

