import Foundation
import GRDB
import Logging
import OnestopDelivery
import OnestopDomain
@testable import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import ServiceLifecycle
import Synchronization
import Testing

/// The worker when the database cannot record what it sent: nothing is sent again when leases end, nothing
/// more is claimed, and everything is recorded once space returns.
@Suite struct StorageFullDeliveryTests {
    @Test func attemptsThatCannotBeRecordedAreKeptNotSentAgain() async throws {
        // Each answer is 20 KB, kept with its attempt: recording one needs new pages, which a full file has not.
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 200, body: String(repeating: "a", count: 20_000)) }
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        _ = try await store.createEndpoint(NewEndpoint(station: "alpha", url: receiver.url + "/hook", eventTypes: [.requestAssigned], description: nil,
                                                      secret: WebhookSecret.generate().text, actor: "test", at: Date()))
        for _ in 0..<3 { _ = try await store.submitRequest(Fixtures.newRequest()) }
        let pages = try await store.writer.writeWithoutTransaction { db -> Int in
            try db.execute(sql: "VACUUM")
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            _ = try Int.fetchOne(db, sql: "PRAGMA max_page_count = \(pages)")
            return pages
        }

        var configuration = DeliveryWorkerTests.fast
        configuration.lease = .seconds(60)
        configuration.storageRetry = .milliseconds(100)
        var logger = Logger(label: "worker-test")
        logger.logLevel = .critical
        // The worker's time is the test's: leases end only when the test moves it on.
        let date = WorkerDate(Date())
        let worker = DeliveryWorker(store: store, transport: CurlTransport(configuration: .init(addresses: .allowingLoopback)),
                                    configuration: configuration, metrics: DeliveryMetrics(), now: { date.now }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [worker], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }

        // Sent once each; then, though every lease has ended, nothing more: not the same again, and nothing new claimed.
        _ = await receiver.waitFor(3)
        try await Task.sleep(for: .seconds(1))
        date.advance(by: 600)
        try await Task.sleep(for: .seconds(1))
        #expect(receiver.requests.count == 3)
        #expect(try await store.deliveries(DeliveryQuery(status: .pending)).total == 3)

        // Space returns: what was sent is recorded as sent, once.
        _ = try await store.writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA max_page_count = \(pages * 1000)") }
        let settled = try await store.settledDeliveries(timeout: .seconds(10))
        #expect(settled.count == 3 && settled.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
        #expect(receiver.requests.count == 3)
        await group.triggerGracefulShutdown()
        try await task.value
        await receiver.stop()
    }
}

final class WorkerDate: Sendable {
    private let value: Mutex<Date>
    init(_ date: Date) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
    func advance(by seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
