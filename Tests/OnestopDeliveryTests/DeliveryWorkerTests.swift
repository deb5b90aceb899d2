import Foundation
import Logging
import OnestopDelivery
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import ServiceLifecycle
import Testing

/// The worker against real HTTP receivers on loopback, with the retry schedule compressed to milliseconds.
@Suite struct DeliveryWorkerTests {
    static let fast = DeliveryWorker.Configuration(
        schedule: RetrySchedule(delays: [.milliseconds(50), .milliseconds(100), .milliseconds(150)], jitter: 0.2),
        lease: .seconds(30), pollInterval: .milliseconds(200), disableAfter: .seconds(86_400), backoffFloor: .milliseconds(300))

    /// A store with the small catalog, one endpoint of station alpha at `receiver`, and a running worker.
    struct Harness {
        let store: SQLiteStore
        let endpoint: WebhookEndpoint
        let secret: WebhookSecret
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let metrics: DeliveryMetrics

        static func start(receiver: LoopbackReceiver, path: String = "/hook", configuration: DeliveryWorker.Configuration = fast,
                          transport: CurlTransport.Configuration = .init(addresses: .allowingLoopback)) async throws -> Harness {
            let store = try SQLiteStore.inMemory()
            _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
            let secret = WebhookSecret.generate()
            let endpoint = try await store.createEndpoint(NewEndpoint(
                station: "alpha", url: receiver.url + path, eventTypes: [.requestAssigned], description: nil, secret: secret.text,
                actor: "test", at: Date()))
            var logger = Logger(label: "worker-test")
            logger.logLevel = .critical
            let metrics = DeliveryMetrics()
            let worker = DeliveryWorker(store: store, transport: CurlTransport(configuration: transport), configuration: configuration,
                                        metrics: metrics, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [], logger: logger))
            let task = Task { try await group.run() }
            return Harness(store: store, endpoint: endpoint, secret: secret, group: group, task: task, metrics: metrics)
        }

        @discardableResult
        func submit() async throws -> String {
            guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest()) else { throw FixtureError("not created") }
            return stored.request.id
        }

        func stop() async throws {
            await group.triggerGracefulShutdown()
            try await task.value
        }

        /// Waits until no delivery is pending any more.
        func settled(timeout: Duration = .seconds(20)) async throws -> [Delivery] {
            try await store.settledDeliveries(timeout: timeout)
        }
    }

    @Test func deliversSignedAssignmentsAtOnce() async throws {
        let receiver = try await LoopbackReceiver.start()
        let harness = try await Harness.start(receiver: receiver)
        let id = try await harness.submit()
        let received = try #require(await receiver.waitFor(1).first)
        #expect(received.path == "/hook")
        #expect(received.headers["content-type"] == "application/json")
        let messageID = try #require(received.headers["webhook-id"])
        #expect(messageID.hasPrefix("msg_"))
        let verdict = WebhookSignature.verify(id: messageID, timestamp: received.headers["webhook-timestamp"],
                                              signature: received.headers["webhook-signature"], body: received.body, secrets: [harness.secret])
        #expect((try? verdict.get()) != nil)
        #expect(received.json?["type"] as? String == "request.assigned")
        #expect((received.json?["data"] as? [String: Any])?["request_id"] as? String == id)
        let deliveries = try await harness.settled()
        #expect(deliveries.map(\.status) == [.succeeded])
        #expect(deliveries.first?.messageID == messageID)
        let detail = try #require(try await harness.store.delivery(id: deliveries[0].id))
        #expect(detail.attempts.map(\.statusCode) == [204])
        #expect(detail.payload == String(decoding: received.body, as: UTF8.self))
        try await harness.stop()
        await receiver.stop()
    }

    @Test func retriesOnTheScheduleWithTheSameWebhookIDThenSucceeds() async throws {
        let receiver = try await LoopbackReceiver.start { _, count in
            count < 2 ? .init(status: 500, body: "数据库忙") : .init(status: 200, body: "ok")
        }
        let harness = try await Harness.start(receiver: receiver)
        try await harness.submit()
        let received = await receiver.waitFor(3)
        #expect(received.count == 3)
        #expect(Set(received.compactMap { $0.headers["webhook-id"] }).count == 1)
        #expect(received.compactMap { $0.headers["webhook-signature"] }.count == 3)
        // At least the first delay (50 ms less 20% jitter) between the first and second attempt.
        #expect(received[1].at.timeIntervalSince(received[0].at) >= 0.039)
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .succeeded)
        #expect(delivery.attempts == 3)
        let attempts = try #require(try await harness.store.delivery(id: delivery.id)).attempts
        #expect(attempts.map(\.statusCode) == [500, 500, 200])
        #expect(attempts.first?.response == "数据库忙")
        try await harness.stop()
        await receiver.stop()
    }

    @Test func afterTheLastAttemptTheDeliveryFailsAndStaysVisible() async throws {
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 302, headers: ["Location": "/elsewhere"]) }
        let harness = try await Harness.start(receiver: receiver)
        try await harness.submit()
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .failed)
        #expect(delivery.attempts == 4)
        #expect(delivery.lastStatusCode == 302)
        #expect(delivery.lastError?.contains("redirect not followed") == true)
        #expect(receiver.requests.map(\.path) == ["/hook", "/hook", "/hook", "/hook"])
        #expect(try await harness.store.deliveries(DeliveryQuery(status: .failed)).total == 1)
        try await harness.stop()
        await receiver.stop()
    }

    @Test func retryAfterAndThrottlingWaitLonger() async throws {
        let receiver = try await LoopbackReceiver.start { _, count in
            count == 0 ? .init(status: 429, headers: ["Retry-After": "1"]) : (count == 1 ? .init(status: 503) : .init(status: 204))
        }
        let harness = try await Harness.start(receiver: receiver)
        try await harness.submit()
        let received = await receiver.waitFor(3)
        #expect(received.count == 3)
        // Retry-After: 1 beats the 50 ms schedule; after 503 the 300 ms floor beats the 100 ms schedule.
        #expect(received[1].at.timeIntervalSince(received[0].at) >= 0.95)
        #expect(received[2].at.timeIntervalSince(received[1].at) >= 0.29)
        #expect(try await harness.settled().first?.status == .succeeded)
        try await harness.stop()
        await receiver.stop()
    }

    @Test func aGoneEndpointIsDisabledWithAnAlertAndAMetric() async throws {
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 410) }
        let harness = try await Harness.start(receiver: receiver)
        try await harness.submit()
        _ = await receiver.waitFor(1)
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .failed)
        #expect(delivery.attempts == 1)
        let endpoint = try #require(try await harness.store.endpoint(id: harness.endpoint.id))
        #expect(endpoint.enabled == false)
        #expect(endpoint.disabledReason?.contains("410") == true)
        #expect(try await harness.store.alerts(page: PageRequest()).items.first?.endpoint == harness.endpoint.id)
        // Later requests wait for the endpoint to be enabled again.
        try await harness.submit()
        try await Task.sleep(for: .milliseconds(300))
        #expect(receiver.requests.count == 1)
        let text = String(decoding: harness.metrics.exposition(gauges: try await harness.store.deliveryGauges(now: Date())), as: UTF8.self)
        #expect(text.contains(#"onestop_webhook_deliveries_total{outcome="endpoint_gone"} 1"#))
        #expect(text.contains("onestop_webhook_endpoints_disabled_total 1"))
        #expect(text.contains("onestop_webhook_disabled_endpoints 1"))
        try await harness.stop()
        await receiver.stop()
    }

    @Test func timeOutsAreRetried() async throws {
        let receiver = try await LoopbackReceiver.start { _, count in count == 0 ? .init(status: 204, delay: .seconds(5)) : .init(status: 204) }
        // The first answer takes 5 s; one second is enough for the second however loaded the machine.
        let harness = try await Harness.start(receiver: receiver, transport: .init(totalTimeout: .seconds(1), addresses: .allowingLoopback))
        try await harness.submit()
        let delivery = try #require(try await harness.settled().first)
        #expect(delivery.status == .succeeded)
        let attempts = try #require(try await harness.store.delivery(id: delivery.id)).attempts
        #expect(attempts.count == 2)
        #expect(attempts.first?.statusCode == nil)
        #expect(attempts.first?.error?.lowercased().contains("timed out") == true)
        try await harness.stop()
        await receiver.stop()
    }

    @Test func aRotatedSecretSignsBesideTheOldOne() async throws {
        let receiver = try await LoopbackReceiver.start()
        let harness = try await Harness.start(receiver: receiver)
        let fresh = WebhookSecret.generate()
        _ = try await harness.store.rotateEndpointSecret(id: harness.endpoint.id, secret: fresh.text, overlapUntil: Date().addingTimeInterval(86_400),
                                                         actor: "test", at: Date())
        try await harness.submit()
        let received = try #require(await receiver.waitFor(1).first)
        let signature = try #require(received.headers["webhook-signature"])
        #expect(signature.split(separator: " ").count == 2)
        for secret in [fresh, harness.secret] {
            let verdict = WebhookSignature.verify(id: received.headers["webhook-id"], timestamp: received.headers["webhook-timestamp"],
                                                  signature: signature, body: received.body, secrets: [secret])
            #expect((try? verdict.get()) != nil)
        }
        try await harness.stop()
        await receiver.stop()
    }

    @Test func aHangingEndpointHoldsOnlyItsOwnSlots() async throws {
        let hanging = try await LoopbackReceiver.start { _, _ in .init(status: 204, delay: .seconds(60)) }
        let quick = try await LoopbackReceiver.start()
        let harness = try await Harness.start(receiver: hanging)
        // The platform beta hears of every new request too, at the quick receiver.
        _ = try await harness.store.createEndpoint(NewEndpoint(
            station: "beta", url: quick.url + "/platform", eventTypes: [.requestStatusChanged], description: nil, secret: WebhookSecret.generate().text,
            actor: "test", at: Date()))
        for _ in 0..<12 { try await harness.submit() }
        let quickReceived = await quick.waitFor(12)
        #expect(quickReceived.count == 12)
        // The hanging endpoint has exactly its limit in flight, and nothing of it was settled.
        #expect(hanging.requests.count == 4)
        let toHanging = try await harness.store.deliveries(DeliveryQuery(endpoint: harness.endpoint.id)).total
        #expect(toHanging > 4)
        #expect(try await harness.store.deliveries(DeliveryQuery(status: .pending, endpoint: harness.endpoint.id)).total == toHanging)
        await hanging.stop()
        try await harness.stop()
        await quick.stop()
    }
}

/// `onestop endpoints test` for a standard endpoint: a signed `endpoint.test` event, sent at once.
@Suite struct EndpointProbeTests {
    @Test func aStandardEndpointGetsASignedTestEvent() async throws {
        let receiver = try await LoopbackReceiver.start()
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalog()), actor: "test", dryRun: false)
        let secret = WebhookSecret.generate()
        let endpoint = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: receiver.url + "/probe", eventTypes: [], description: nil, secret: secret.text, actor: "test", at: Date()))
        let target = try #require(try await store.endpointTarget(id: endpoint.id, at: Date()))
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        let outcome = await EndpointProbe.send(to: target, baseURL: "https://onestop.example.cn", transport: transport)
        transport.shutdown()
        #expect(outcome.delivered && outcome.status == 204 && outcome.problem == nil)
        let received = try #require(await receiver.waitFor(1).first)
        #expect(received.json?["type"] as? String == "endpoint.test")
        let verdict = WebhookSignature.verify(id: received.headers["webhook-id"], timestamp: received.headers["webhook-timestamp"],
                                              signature: received.headers["webhook-signature"], body: received.body, secrets: [secret])
        #expect((try? verdict.get()) != nil)
        await receiver.stop()
    }
}
