import Foundation
import Logging
import OnestopBackground
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Synchronization
import Testing

/// A wall clock the test moves by hand.
final class TestDate: Sendable {
    private let value: Mutex<Date>
    init(_ date: Date) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
    func advance(by seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite struct DeadlineEscalatorTests {
    @Test(arguments: StoreKind.allCases)
    func aRequestNotAcceptedInTimeGoesToThePlatformOnce(kind: StoreKind) async throws {
        let store = try await kind.make(with: RequestTransitionContractTests.catalog())
        let date = TestDate(RequestStoreContractTests.noon)
        let escalator = DeadlineEscalator(
            store: store, clock: ContinuousClock(), now: { date.now },
            acknowledgement: AcknowledgementPolicy(), logger: Logger(label: "test")
        )
        guard case .created(let stored, _) = try await store.submitRequest(RequestStoreContractTests.new()) else {
            Issue.record("not created")
            return
        }
        #expect(stored.request.station == "alpha")
        date.advance(by: 23 * 3600)
        #expect(try await escalator.escalateDue() == 0)
        date.advance(by: 2 * 3600)
        #expect(try await escalator.escalateDue() == 1)
        let escalated = try #require(try await store.serviceRequest(id: stored.request.id)).request
        #expect(escalated.station == "beta")
        #expect(escalated.status == .assigned)
        #expect(escalated.acknowledgeBy == WorkingCalendar.china.adding(workingDays: 1, to: date.now))
        #expect(try await store.timeline(ofRequest: stored.request.id).last?.note?.contains("escalated") == true)
        // At the platform there is nowhere higher to go: it is not escalated again.
        date.advance(by: 7 * 86_400)
        #expect(try await escalator.escalateDue() == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func acceptedRequestsAreLeftAlone(kind: StoreKind) async throws {
        let store = try await kind.make(with: RequestTransitionContractTests.catalog())
        let date = TestDate(RequestStoreContractTests.noon)
        let escalator = DeadlineEscalator(store: store, clock: ContinuousClock(), now: { date.now }, acknowledgement: AcknowledgementPolicy(defaultDays: 0), logger: Logger(label: "test"))
        guard case .created(let stored, _) = try await store.submitRequest(RequestStoreContractTests.new()) else { return }
        _ = try await store.transitionRequest(RequestTransitionContractTests.change(stored.request.id, .accept, by: .station("alpha")))
        date.advance(by: 30 * 86_400)
        #expect(try await escalator.escalateDue() == 0)
    }

    @Test func theLoopEndsWhenCancelled() async throws {
        let store = try SQLiteStore.inMemory()
        let escalator = DeadlineEscalator(store: store, clock: ContinuousClock(), interval: .seconds(3600), acknowledgement: AcknowledgementPolicy(defaultDays: 0), logger: Logger(label: "test"))
        let task = Task { try await escalator.run() }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let started = ContinuousClock.now
        _ = try? await task.value
        // Far less than the hour it would sleep; generous because a loaded test machine is slow.
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}

@Suite struct RequestStatisticsContractTests {
    @Test(arguments: StoreKind.allCases)
    func theLedgerCountsTimesEscalationsAndDeclines(kind: StoreKind) async throws {
        let store = try await kind.make(with: RequestTransitionContractTests.catalog())
        var ids: [String] = []
        for _ in 0..<3 {
            guard case .created(let stored, _) = try await store.submitRequest(RequestStoreContractTests.new()) else { continue }
            ids.append(stored.request.id)
        }
        let noon = RequestStoreContractTests.noon
        func act(_ id: String, _ action: RequestAction, _ actor: RequestActor, after hours: Double) async throws {
            _ = try await store.transitionRequest(RequestChange(requestID: id, action: action, actor: actor, actorName: actor == .system ? "system" : "station:alpha",
                                                                at: noon.addingTimeInterval(hours * 3600), acknowledgement: AcknowledgementPolicy(defaultDays: 0)))
        }
        try await act(ids[0], .accept, .station("alpha"), after: 2)
        try await act(ids[0], .complete, .station("alpha"), after: 26)
        try await act(ids[1], .decline, .station("alpha"), after: 1)
        try await act(ids[2], .escalate, .system, after: 30)
        let statistics = try await store.requestStatistics(StatisticsQuery(), now: noon.addingTimeInterval(40 * 3600))
        #expect(statistics.total == 3)
        #expect(statistics.byStatus == ["completed": 1, "assigned": 2])
        #expect(statistics.byStation == ["alpha": 1, "beta": 2])
        #expect(statistics.byRegion == ["100001": 3])
        #expect(statistics.byCategory == ["metrology.pressure": 3])
        #expect(statistics.timeToAccept.count == 1)
        #expect(statistics.timeToAccept.medianHours == 2)
        #expect(statistics.timeToComplete.p90Hours == 26)
        #expect(statistics.escalations == 1)
        #expect(statistics.deadlineBreaches == 1)
        #expect(statistics.declinesByStation == ["alpha": 1])
        let none = try await store.requestStatistics(StatisticsQuery(from: noon.addingTimeInterval(86_400)), now: noon)
        #expect(none.total == 0)
        #expect(none.timeToAccept.medianHours == nil)
    }

    @Test func percentilesAreNearestRank() {
        let durations = RequestStatistics.Durations((1...10).map { Double($0) * 3600 })
        #expect(durations.medianHours == 5)
        #expect(durations.p90Hours == 9)
        #expect(RequestStatistics.Durations([7200]).p90Hours == 2)
    }
}
