import Foundation
import Logging
import OnestopBackground
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// What a retention pass removes, and what it never touches, on both stores.
@Suite struct RetentionContractTests {
    static let day: TimeInterval = 86_400

    @Test(arguments: StoreKind.allCases)
    func aPassRemovesWhatHasServedItsPurposeAndKeepsTheLedger(kind: StoreKind) async throws {
        let (store, alpha, _) = try await DeliveryStoreContractTests().storeWithEndpoints(kind)
        var requests: [ServiceRequest] = []
        for _ in 0..<4 { requests.append(try await DeliveryStoreContractTests().submit(store)) }
        var keyed = Fixtures.newRequest()
        keyed.idempotency = .init(key: "retry-1", firm: "91341500MA2XXXXX0X", bodyDigest: "d")
        guard case .created(let keyedStored, _) = try await store.submitRequest(keyed) else { throw FixtureError("not created") }
        requests.append(keyedStored.request)
        let timelines = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for request in requests { group.addTask { (request.id, try await store.timeline(ofRequest: request.id).count) } }
            return try await group.reduce(into: [String: Int]()) { $0[$1.0] = $1.1 }
        }
        let start = Date()

        // Every delivery claimed and settled now: some succeed, some fail, one endpoint is gone (an alert), one stays pending.
        let claimed = try await store.claimDeliveries(now: start, leaseUntil: start.addingTimeInterval(60), limit: 100, perEndpoint: 100, busy: [:])
        #expect(claimed.count >= 6)
        let attempt = DeliveryAttempt(at: start, statusCode: 204, durationMilliseconds: 3, response: String(repeating: "x", count: 2000), error: nil)
        var results: [DeliveryResult] = []
        var succeeded: [Int64] = [], failed: [Int64] = [], pending: [Int64] = []
        for (index, claim) in claimed.enumerated() {
            let next: DeliveryResult.Next
            switch index % 3 {
            case 0: next = .succeeded; succeeded.append(claim.id)
            case 1: next = claim.endpoint == alpha.id && !failed.isEmpty ? .endpointGone : .failed; failed.append(claim.id)
            default: next = .retry(at: start.addingTimeInterval(600 * Self.day)); pending.append(claim.id)
            }
            results.append(DeliveryResult(delivery: claim.id, lease: claim.lease, endpoint: claim.endpoint, attempt: attempt, next: next,
                                          disableAfter: .seconds(86_400)))
        }
        _ = try await store.settleDeliveries(results)
        let (key, _) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        _ = try await store.openSession(keyID: key.id, now: start, expiresAt: start.addingTimeInterval(3600))
        let live = try await store.openSession(keyID: key.id, now: start, expiresAt: start.addingTimeInterval(400 * Self.day))

        // Within a day: nothing of use is gone; the expired session is.
        let early = try await store.removeExpired(.standard, now: start.addingTimeInterval(2 * 3600))
        #expect(early.deliveries == 0 && early.idempotencyKeys == 0 && early.sessions == 1)

        // After a day: the idempotency key; after 90 days: succeeded deliveries with their attempts.
        let later = try await store.removeExpired(.standard, now: start.addingTimeInterval(91 * Self.day))
        #expect(later.idempotencyKeys == 1)
        #expect(later.deliveries == succeeded.count)
        #expect(later.attempts == succeeded.count)
        for id in succeeded { #expect(try await store.delivery(id: id) == nil) }
        for id in failed + pending { #expect(try await store.delivery(id: id) != nil) }

        // A failed delivery redelivered is pending again and kept; the other failed ones and the alerts go after a year.
        let redelivered = try #require(failed.first)
        _ = try await store.redeliver(id: redelivered, at: start.addingTimeInterval(200 * Self.day))
        let year = try await store.removeExpired(.standard, now: start.addingTimeInterval(366 * Self.day))
        #expect(year.deliveries == failed.count - 1)
        #expect(year.alerts >= 1)
        #expect(try await store.delivery(id: redelivered)?.delivery.status == .pending)
        for id in pending { #expect(try await store.delivery(id: id)?.delivery.status == .pending) }
        #expect(try await store.session(token: live, now: start.addingTimeInterval(366 * Self.day)) != nil)

        // The work ledger is whole.
        for request in requests {
            #expect(try await store.serviceRequest(id: request.id) != nil)
            #expect(try await store.timeline(ofRequest: request.id).count == timelines[request.id])
            #expect(try await store.routingRecords(ofRequest: request.id).isEmpty == false)
        }
        #expect(try await store.removeExpired(.standard, now: start.addingTimeInterval(366 * Self.day)).total == 0)
    }

    /// A year's backlog goes in small transactions: more rows than one batch are all removed in one pass.
    @Test func aBacklogLargerThanABatchIsRemovedInOnePass() async throws {
        let (store, _, _) = try await DeliveryStoreContractTests().storeWithEndpoints(.sqliteFile)
        for _ in 0..<300 { _ = try await DeliveryStoreContractTests().submit(store) }
        let start = Date()
        var removed = 0
        while true {
            let claimed = try await store.claimDeliveries(now: start, leaseUntil: start.addingTimeInterval(60), limit: 200, perEndpoint: 200, busy: [:])
            if claimed.isEmpty { break }
            let attempt = DeliveryAttempt(at: start, statusCode: 204, durationMilliseconds: 1, response: nil, error: nil)
            _ = try await store.settleDeliveries(claimed.map {
                DeliveryResult(delivery: $0.id, lease: $0.lease, endpoint: $0.endpoint, attempt: attempt, next: .succeeded, disableAfter: .seconds(86_400))
            })
            removed += claimed.count
        }
        #expect(removed > 500)
        let outcome = try await store.removeExpired(.standard, now: start.addingTimeInterval(91 * Self.day))
        #expect(outcome.deliveries == removed)
        #expect(try await store.deliveries(DeliveryQuery()).items.isEmpty)
    }
}

/// The sweeper: one instance at a time sweeps, whichever holds the lease.
@Suite struct RetentionSweeperTests {
    @Test(arguments: [StoreKind.sqliteFile, .postgres])
    func oneInstanceSweepsAtATime(kind: StoreKind) async throws {
        let store = try await kind.make(with: Fixtures.smallCatalogWithPlatform())
        let date = TestDate(Date())
        let first = RetentionSweeper(store: store, clock: ContinuousClock(), policy: .standard, now: { date.now }, logger: Logger(label: "test"))
        let second = RetentionSweeper(store: store, clock: ContinuousClock(), policy: .standard, now: { date.now }, logger: Logger(label: "test"))
        let (key, _) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        _ = try await store.openSession(keyID: key.id, now: date.now, expiresAt: date.now.addingTimeInterval(60))
        date.advance(by: 120)
        #expect(try await first.sweepIfLeased()?.sessions == 1)
        #expect(try await second.sweepIfLeased() == nil)
        // The lease lasts two intervals; then the other takes over.
        date.advance(by: 2 * 3600 + 1)
        #expect(try await second.sweepIfLeased() != nil)
        #expect(try await first.sweepIfLeased() == nil)
    }
}
