import Foundation
import Logging
import OnestopBackground
import OnestopDomain
import OnestopStorage
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
            deadline: { WorkingCalendar.china.adding(workingDays: 1, to: $0) }, logger: Logger(label: "test")
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
        let escalator = DeadlineEscalator(store: store, clock: ContinuousClock(), now: { date.now }, deadline: { $0 }, logger: Logger(label: "test"))
        guard case .created(let stored, _) = try await store.submitRequest(RequestStoreContractTests.new()) else { return }
        _ = try await store.transitionRequest(RequestTransitionContractTests.change(stored.request.id, .accept, by: .station("alpha")))
        date.advance(by: 30 * 86_400)
        #expect(try await escalator.escalateDue() == 0)
    }

    @Test func theLoopEndsWhenCancelled() async throws {
        let store = try SQLiteStore.inMemory()
        let escalator = DeadlineEscalator(store: store, clock: ContinuousClock(), interval: .seconds(3600), deadline: { $0 }, logger: Logger(label: "test"))
        let task = Task { try await escalator.run() }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let started = ContinuousClock.now
        _ = try? await task.value
        #expect(ContinuousClock.now - started < .seconds(5))
    }
}
