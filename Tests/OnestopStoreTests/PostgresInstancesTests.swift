import Foundation
import OnestopDomain
import OnestopPostgres
import OnestopStore
import OnestopTestSupport
import PostgresNIO
import Logging
import OnestopBackground
import Testing

/// Several instances on one PostgreSQL database, as stores side by side in one process: what each sees of
/// the other's work, and what only one of them may do.
@Suite struct PostgresInstancesTests {
    func twoInstances(staleness: Duration = .zero) async throws -> (PostgresStore, PostgresStore, PostgresLocation) {
        let location = try await TestDatabases.fresh()
        async let first = PostgresStore(location: location, staleness: staleness, maximumConnections: 4)
        async let second = PostgresStore(location: location, staleness: staleness, maximumConnections: 4)
        let (a, b) = try await (first, second)
        try await a.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        return (a, b, location)
    }

    @Test func instancesStartingTogetherMigrateOnceAndAgainIsNothing() async throws {
        let (_, _, location) = try await twoInstances()
        #expect(try await PostgresStore.migrate(location: location).isEmpty)
    }

    @Test func anotherInstancesCatalogChangeIsSeenByTheNextSearch() async throws {
        let (server, other, _) = try await twoInstances(staleness: .milliseconds(300))
        #expect(try await server.searchServices(ServiceQuery(text: "锅炉")).total == 0)
        var service = try #require(try await other.service(code: "B-KEYWORD")).service
        service.keywords.append("锅炉")
        _ = try await other.apply(CatalogChanges(services: [service]), actor: "test", dryRun: false)
        try await Task.sleep(for: .milliseconds(350))
        #expect(try await server.searchServices(ServiceQuery(text: "锅炉")).items.map(\.service.code) == ["B-KEYWORD"])
    }

    @Test func submissionsOnBothInstancesAtOnceGetDenseIDsAndOneLoad() async throws {
        let (a, b, _) = try await twoInstances()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<80 {
                let store = index.isMultiple(of: 2) ? a : b
                group.addTask {
                    guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest()) else { throw FixtureError("not created") }
                    return stored.request.id
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(ids).count == 80)
        let numbers = Set(ids.compactMap { $0.split(separator: "-").last.flatMap { Int($0) } })
        #expect(numbers == Set(1...80), "numbered without gaps or repeats across instances")
        let statistics = try await b.requestStatistics(StatisticsQuery(), now: Date())
        #expect(statistics.total == 80)
        #expect(try await a.serviceRequests(RequestQuery(status: .assigned)).total == 80)
    }

    @Test func twoInstancesClaimingAtOnceNeverTakeTheSameDelivery() async throws {
        let (a, b, _) = try await twoInstances()
        for station in try await a.stations(includeRetired: false) {
            _ = try await a.createEndpoint(DeliveryStoreContractTests.endpoint(station.id))
        }
        for _ in 0..<60 { _ = try await b.submitRequest(Fixtures.newRequest()) }
        let due = try await a.deliveries(DeliveryQuery(status: .pending)).total
        #expect(due >= 60)
        let now = Date().addingTimeInterval(1)
        var claimed: [[ClaimedDelivery]] = []
        for _ in 0..<20 {
            async let first = a.claimDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 8, perEndpoint: 8, busy: [:])
            async let second = b.claimDeliveries(now: now, leaseUntil: now.addingTimeInterval(60), limit: 8, perEndpoint: 8, busy: [:])
            let round = [try await first, try await second]
            if round.allSatisfy(\.isEmpty) { break }
            claimed += round
        }
        let ids = claimed.flatMap { $0 }.map(\.id)
        #expect(Set(ids).count == ids.count, "no delivery claimed twice")
        #expect(ids.count == due)
    }

    @Test func periodicWorkIsLeasedToOneHolderAtATime() async throws {
        let (a, b, _) = try await twoInstances()
        let now = Date()
        #expect(try await a.holdLease("deadline-escalation", holder: "a", now: now, until: now.addingTimeInterval(120)))
        #expect(try await b.holdLease("deadline-escalation", holder: "b", now: now.addingTimeInterval(60), until: now.addingTimeInterval(180)) == false)
        #expect(try await a.holdLease("deadline-escalation", holder: "a", now: now.addingTimeInterval(60), until: now.addingTimeInterval(180)))
        // When the holder stops renewing, the lease passes on after it runs out.
        #expect(try await b.holdLease("deadline-escalation", holder: "b", now: now.addingTimeInterval(181), until: now.addingTimeInterval(300)))
        #expect(try await a.holdLease("deadline-escalation", holder: "a", now: now.addingTimeInterval(200), until: now.addingTimeInterval(320)) == false)
    }

    @Test func theChangeAndItsEventsCommitTogetherOrNotAtAll() async throws {
        let (store, _, location) = try await twoInstances()
        _ = try await store.createEndpoint(DeliveryStoreContractTests.endpoint("alpha"))
        try await TestDatabases.execute(on: location, """
            CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$
            """)
        try await TestDatabases.execute(on: location, "CREATE TRIGGER refuse_delivery BEFORE INSERT ON delivery FOR EACH ROW EXECUTE FUNCTION refuse()")
        await #expect(throws: PostgresStoreError.self) { try await store.submitRequest(Fixtures.newRequest()) }
        #expect(try await store.serviceRequests(RequestQuery()).total == 0)
        try await TestDatabases.execute(on: location, "DROP TRIGGER refuse_delivery ON delivery")
        guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest()) else { throw FixtureError("not created") }
        try await TestDatabases.execute(on: location, "CREATE TRIGGER refuse_delivery BEFORE INSERT ON delivery FOR EACH ROW EXECUTE FUNCTION refuse()")
        let cancel = RequestChange(requestID: stored.request.id, action: .cancel, actor: .firm, actorName: "firm", at: Date(),
                                   acknowledgement: AcknowledgementPolicy())
        await #expect(throws: PostgresStoreError.self) { try await store.transitionRequest(cancel) }
        #expect(try await store.serviceRequest(id: stored.request.id)?.request.status == .assigned)
        #expect(try await store.timeline(ofRequest: stored.request.id).count == 2)
        #expect(try await store.deliveries(DeliveryQuery()).total == 1)
    }
}

@Suite struct PostgresEscalationTests {
    /// Two instances' escalators passing at once: each late request is escalated once, not once per instance.
    @Test func twoEscalatorsAtOnceEscalateEachRequestOnce() async throws {
        let location = try await TestDatabases.fresh()
        let a = try await PostgresStore(location: location, staleness: .zero, maximumConnections: 4)
        let b = try await PostgresStore(location: location, staleness: .zero, maximumConnections: 4)
        try await a.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalogWithPlatform()), actor: "test", dryRun: false)
        let received = Date()
        for _ in 0..<20 { _ = try await a.submitRequest(Fixtures.newRequest(at: received)) }
        let late = Date().addingTimeInterval(40 * 86_400)
        let policy = AcknowledgementPolicy(defaultDays: 1)
        let first = DeadlineEscalator(store: a, clock: ContinuousClock(), now: { late }, acknowledgement: policy, logger: Logger(label: "a"))
        let second = DeadlineEscalator(store: b, clock: ContinuousClock(), now: { late }, acknowledgement: policy, logger: Logger(label: "b"))
        async let movedByA = first.escalateDue(batch: 3)
        async let movedByB = second.escalateDue(batch: 3)
        let moved = try await movedByA + movedByB
        var escalatedRequests = 0
        for request in try await a.serviceRequests(RequestQuery(page: PageRequest(page: 1, perPage: 100))).items {
            let escalations = try await a.timeline(ofRequest: request.id).filter { $0.action == .escalate }.count
            #expect(escalations <= 1, "\(request.id) escalated \(escalations) times")
            escalatedRequests += escalations
        }
        #expect(moved == escalatedRequests)
        #expect(moved > 0)
        #expect(try await a.requestsPastDeadline(at: late, limit: 100).isEmpty)
    }
}
