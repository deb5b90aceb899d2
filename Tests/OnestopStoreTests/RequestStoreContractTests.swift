import Foundation
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct RequestStoreContractTests {
    static let noon = ISO8601DateFormatter().date(from: "2026-11-26T12:00:00+08:00")!

    static func submission(service: String? = "A-NAME", category: String? = nil, region: String = "100001", mode: ServiceMode = .station) -> RequestSubmission.Checked {
        let enterprise = Enterprise(name: "样例企业", uscc: "91512081MA62K0260E", region: region, industry: "茶叶", contactName: "张三", phone: "13800001234")
        return RequestSubmission.Checked(
            enterprise: enterprise,
            need: RoutingNeed(serviceCode: service, categoryCode: category, region: region, industry: "茶叶", mode: mode),
            description: "需要检定压力表。"
        )
    }

    static func new(_ submission: RequestSubmission.Checked = submission(), at date: Date = noon, key: String? = nil, digest: String = "d1") -> NewServiceRequest {
        NewServiceRequest(
            submission: submission, idPrefix: "T", tokenNonce: UUID().uuidString, receivedAt: date,
            acknowledgement: AcknowledgementPolicy(),
            idempotency: key.map { .init(key: $0, firm: submission.enterprise.uscc, bodyDigest: digest) }
        )
    }

    static func smallCatalogWithPlatform() -> Catalog {
        var catalog = Fixtures.smallCatalog()
        catalog.stations[1].modes = [.online, .station, .onsite]
        return catalog
    }

    @Test(arguments: StoreKind.allCases)
    func aSubmissionIsStoredRoutedAndTimelined(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.smallCatalogWithPlatform())
        guard case .created(let stored, let decision) = try await store.submitRequest(Self.new()) else {
            Issue.record("not created")
            return
        }
        #expect(stored.request.id == "T-20261126-0001")
        #expect(stored.request.status == .assigned)
        #expect(stored.request.station == "alpha")
        #expect(stored.request.service == "A-NAME")
        #expect(stored.request.acknowledgeBy == ISO8601DateFormatter().date(from: "2026-11-27T12:00:00+08:00"))
        #expect(decision?.candidates.first?.tier == .sameRegion)
        #expect(try await store.serviceRequest(id: stored.request.id) == stored)
        #expect(try await store.timeline(ofRequest: stored.request.id).map(\.to) == [.submitted, .assigned])
        #expect(try await store.routingRecords(ofRequest: stored.request.id).map(\.decision) == [decision!])
        let history = try #require(try await store.requestHistory(id: stored.request.id))
        #expect(history.stored == stored)
        #expect(history.timeline == (try await store.timeline(ofRequest: stored.request.id)))
        #expect(history.routing == (try await store.routingRecords(ofRequest: stored.request.id)))
        #expect(try await store.requestHistory(id: "T-20990101-0001") == nil)
        guard case .created(let second, _) = try await store.submitRequest(Self.new()) else {
            Issue.record("not created")
            return
        }
        #expect(second.request.id == "T-20261126-0002")
        let nextDay = Self.noon.addingTimeInterval(86_400)
        guard case .created(let third, _) = try await store.submitRequest(Self.new(at: nextDay)) else {
            Issue.record("not created")
            return
        }
        #expect(third.request.id == "T-20261127-0001")
    }

    @Test(arguments: StoreKind.allCases)
    func theSameIdempotencyKeyAndBodyCreateNothingNew(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.smallCatalogWithPlatform())
        guard case .created(let first, _) = try await store.submitRequest(Self.new(key: "k-1", digest: "body-a")) else {
            Issue.record("not created")
            return
        }
        #expect(try await store.submitRequest(Self.new(key: "k-1", digest: "body-a")) == .replayed(first))
        #expect(try await store.submitRequest(Self.new(key: "k-1", digest: "body-b")) == .keyReused)
        guard case .created(let other, _) = try await store.submitRequest(Self.new(key: "k-2", digest: "body-a")) else {
            Issue.record("not created")
            return
        }
        #expect(other.request.id == "T-20261126-0002")
    }

    @Test(arguments: StoreKind.allCases)
    func anIdempotencyKeyBelongsToOneFirmForADay(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.smallCatalogWithPlatform())
        guard case .created(let first, _) = try await store.submitRequest(Self.new(key: "k-1", digest: "body-a")) else {
            Issue.record("not created")
            return
        }
        // Another firm sending the same key, even with the same body, makes its own request.
        var otherFirm = Self.submission()
        otherFirm.enterprise.uscc = "91341500MA0000001X"
        guard case .created(let theirs, _) = try await store.submitRequest(Self.new(otherFirm, key: "k-1", digest: "body-a")) else {
            Issue.record("another firm's key was taken for the first firm's")
            return
        }
        #expect(theirs.request.id != first.request.id)
        #expect(try await store.submitRequest(Self.new(otherFirm, key: "k-1", digest: "body-a")) == .replayed(theirs))
        // Within 24 hours the first firm's retry answers as the first time, and a different body is refused.
        let almostADay = Self.noon.addingTimeInterval(NewServiceRequest.Idempotency.lifetime - 60)
        #expect(try await store.submitRequest(Self.new(at: almostADay, key: "k-1", digest: "body-a")) == .replayed(first))
        #expect(try await store.submitRequest(Self.new(at: almostADay, key: "k-1", digest: "body-b")) == .keyReused)
        // After 24 hours the key is free again, whatever the body.
        let later = Self.noon.addingTimeInterval(NewServiceRequest.Idempotency.lifetime + 1)
        guard case .created(let again, _) = try await store.submitRequest(Self.new(at: later, key: "k-1", digest: "body-b")) else {
            Issue.record("an expired key was not free")
            return
        }
        #expect(again.request.id != first.request.id)
        #expect(try await store.submitRequest(Self.new(at: later, key: "k-1", digest: "body-b")) == .replayed(again))
    }

    @Test(arguments: StoreKind.allCases)
    func openRequestsCountAgainstCapacity(kind: StoreKind) async throws {
        var catalog = Self.smallCatalogWithPlatform()
        catalog.stations[0].capacity = 2
        catalog.services.append(Service(code: "B-PRESSURE", station: "beta", category: "metrology.pressure", name: "压力表检定（平台）",
                                         description: "平台检定。", fee: .free("免费"), modes: [.station]))
        let store = try await kind.make(with: catalog)
        var stations: [String?] = []
        for _ in 0..<3 {
            guard case .created(let stored, _) = try await store.submitRequest(Self.new(Self.submission(service: nil, category: "metrology"))) else { continue }
            stations.append(stored.request.station)
        }
        #expect(stations == ["alpha", "alpha", "beta"])
        let third = try await store.routingRecords(ofRequest: "T-20261126-0003")
        #expect(third.first?.decision.excluded.map(\.reason) == [.atCapacity])
    }

    @Test(arguments: StoreKind.allCases)
    func withoutAnyPlatformTheRequestWaitsAsSubmitted(kind: StoreKind) async throws {
        var catalog = Fixtures.smallCatalog()
        catalog.stations[1].kind = .county
        let store = try await kind.make(with: catalog)
        let outcome = try await store.submitRequest(Self.new(Self.submission(service: "NOPE")))
        guard case .created(let stored, let decision) = outcome else {
            Issue.record("not created")
            return
        }
        #expect(decision == nil)
        #expect(stored.request.status == .submitted)
        #expect(stored.request.station == nil)
        #expect(try await store.timeline(ofRequest: stored.request.id).map(\.to) == [.submitted])
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentSubmissionsGetDistinctIDs(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.smallCatalogWithPlatform())
        let ids = try await withThrowingTaskGroup(of: String?.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    if case .created(let stored, _) = try await store.submitRequest(Self.new()) { return stored.request.id }
                    return nil
                }
            }
            return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
        }
        #expect(ids.count == 40)
        #expect(Set(ids).count == 40)
    }
}

@Suite struct RequestTransitionContractTests {
    static func change(_ id: String, _ action: RequestAction, by actor: RequestActor, name: String = "test", to station: String? = nil) -> RequestChange {
        RequestChange(requestID: id, action: action, actor: actor, actorName: name, note: "备注", at: RequestStoreContractTests.noon.addingTimeInterval(60),
                      toStation: station, acknowledgement: AcknowledgementPolicy())
    }

    /// A catalog where the pressure category is offered by alpha (county 100001) and the platform beta.
    static func catalog() -> Catalog {
        var catalog = RequestStoreContractTests.smallCatalogWithPlatform()
        catalog.services.append(Service(code: "B-PRESSURE", station: "beta", category: "metrology.pressure", name: "压力表检定（平台）",
                                        description: "平台检定。", fee: .free("免费"), modes: [.station]))
        return catalog
    }

    func submitted(_ store: any Storage) async throws -> String {
        let outcome = try await store.submitRequest(RequestStoreContractTests.new(RequestStoreContractTests.submission(service: nil, category: "metrology")))
        guard case .created(let stored, _) = outcome else { throw FixtureError("not created") }
        return stored.request.id
    }

    @Test(arguments: StoreKind.allCases)
    func theAssignedStationAcceptsProgressesAndCompletes(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        #expect(try await store.transitionRequest(Self.change(id, .accept, by: .station("beta"))) == .refused(.notPermitted(action: .accept), current: .assigned))
        for (action, status) in [(RequestAction.accept, RequestStatus.accepted), (.progress, .inProgress), (.complete, .completed)] {
            guard case .changed(let stored) = try await store.transitionRequest(Self.change(id, action, by: .station("alpha"))) else {
                Issue.record("\(action) refused")
                return
            }
            #expect(stored.request.status == status)
        }
        #expect(try await store.transitionRequest(Self.change(id, .cancel, by: .firm)) == .refused(.invalidTransition(from: .completed, action: .cancel), current: .completed))
        let timeline = try await store.timeline(ofRequest: id)
        #expect(timeline.map(\.to) == [.submitted, .assigned, .accepted, .inProgress, .completed])
        #expect(timeline.last?.note == "备注")
        #expect(try await store.transitionRequest(Self.change("NOPE", .cancel, by: .firm)) == .notFound)
    }

    @Test(arguments: StoreKind.allCases)
    func aDeclineReroutesToTheNextCandidate(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        guard case .changed(let stored) = try await store.transitionRequest(Self.change(id, .decline, by: .station("alpha"))) else {
            Issue.record("decline refused")
            return
        }
        #expect(stored.request.status == .assigned)
        #expect(stored.request.station == "beta")
        #expect(stored.request.declinedBy == ["alpha"])
        let routing = try await store.routingRecords(ofRequest: id)
        #expect(routing.count == 2)
        #expect(routing.last?.decision.excluded.map(\.reason) == [.declined])
        // The platform declines too: nobody is left, so it goes back to the platform as a fallback.
        guard case .changed(let again) = try await store.transitionRequest(Self.change(id, .decline, by: .station("beta"))) else {
            Issue.record("decline refused")
            return
        }
        #expect(again.request.station == "beta")
        #expect(try await store.routingRecords(ofRequest: id).last?.decision.fallback == true)
    }

    @Test(arguments: StoreKind.allCases)
    func escalationAndReassignment(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        guard case .changed(let escalated) = try await store.transitionRequest(Self.change(id, .escalate, by: .system)) else {
            Issue.record("escalation refused")
            return
        }
        #expect(escalated.request.station == "beta")
        #expect(escalated.request.status == .assigned)
        guard case .changed(let reassigned) = try await store.transitionRequest(Self.change(id, .reassign, by: .staff, to: "alpha")) else {
            Issue.record("reassignment refused")
            return
        }
        #expect(reassigned.request.station == "alpha")
        #expect(reassigned.request.service == "A-NAME")
        #expect(try await store.transitionRequest(Self.change(id, .escalate, by: .firm)) == .refused(.notPermitted(action: .escalate), current: .assigned))
    }

    @Test(arguments: StoreKind.allCases)
    func aReassignmentToAStationNotServingIsRefusedInTheTransaction(kind: StoreKind) async throws {
        var catalog = Self.catalog()
        var suspended = try #require(catalog.stations.first { $0.id == "alpha" })
        suspended.id = "gamma"
        suspended.name = "丙站"
        suspended.status = .suspended
        catalog.stations.append(suspended)
        let store = try await kind.make(with: catalog)
        let id = try await submitted(store)
        for station in ["gamma", "nowhere"] {
            #expect(try await store.transitionRequest(Self.change(id, .reassign, by: .staff, to: station))
                    == .refused(.stationUnavailable(station), current: .assigned))
        }
        #expect(try await store.serviceRequest(id: id)?.request.station == "alpha")
        #expect(try await store.timeline(ofRequest: id).count == 2)
        #expect(try await store.routingRecords(ofRequest: id).count == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func ofTwoAcceptsAtOnceExactlyOneWins(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        let outcomes = try await withThrowingTaskGroup(of: TransitionOutcome.self) { group in
            for _ in 0..<2 { group.addTask { try await store.transitionRequest(Self.change(id, .accept, by: .station("alpha"))) } }
            return try await group.reduce(into: [TransitionOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { if case .changed = $0 { true } else { false } }.count == 1)
        #expect(outcomes.contains(.refused(.invalidTransition(from: .accepted, action: .accept), current: .accepted)))
        #expect(try await store.timeline(ofRequest: id).filter { $0.to == .accepted }.count == 1)
    }
}

@Suite struct StationLoadContractTests {
    func load(_ store: any Storage, _ station: String) async throws -> Double? {
        let need = RoutingNeed(categoryCode: "metrology", region: "100001", mode: .station)
        return try await store.explainRouting(need)?.candidates.first { $0.station == station }?.load
    }

    @Test(arguments: StoreKind.allCases)
    func theLoadFollowsEveryChange(kind: StoreKind) async throws {
        let store = try await kind.make(with: RequestTransitionContractTests.catalog())
        #expect(try await load(store, "alpha") == 0)
        let first = try await RequestTransitionContractTests().submitted(store)
        let second = try await RequestTransitionContractTests().submitted(store)
        #expect(try await load(store, "alpha") == 0.2)
        _ = try await store.transitionRequest(RequestTransitionContractTests.change(first, .accept, by: .station("alpha")))
        #expect(try await load(store, "alpha") == 0.2, "accepted requests still count")
        _ = try await store.transitionRequest(RequestTransitionContractTests.change(first, .complete, by: .station("alpha")))
        #expect(try await load(store, "alpha") == 0.1)
        _ = try await store.transitionRequest(RequestTransitionContractTests.change(second, .decline, by: .station("alpha")))
        #expect(try await load(store, "alpha") == 0)
        #expect(try await load(store, "beta") == 0.1)
        _ = try await store.transitionRequest(RequestTransitionContractTests.change(second, .cancel, by: .firm))
        #expect(try await load(store, "beta") == 0)
    }
}

@Suite struct AcknowledgementDeadlineContractTests {
    @Test(arguments: StoreKind.allCases)
    func aStationsOwnNumberOfDaysWins(kind: StoreKind) async throws {
        var catalog = RequestStoreContractTests.smallCatalogWithPlatform()
        catalog.stations[0].acknowledgementDays = 3
        let store = try await kind.make(with: catalog)
        guard case .created(let stored, _) = try await store.submitRequest(RequestStoreContractTests.new()) else {
            Issue.record("not created")
            return
        }
        // Thursday noon plus three working days is Tuesday noon.
        #expect(stored.request.acknowledgeBy == ISO8601DateFormatter().date(from: "2026-12-01T12:00:00+08:00"))
        #expect(try await store.station(id: "alpha")?.acknowledgementDays == 3)
    }
}
