import Foundation
import Logging
import OnestopBackground
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// The caseworker a station names, the day it promises, and the request that misses it, on every store.
@Suite struct PromiseContractTests {
    static func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    /// Wednesday 30 September 2026, the eve of National Day.
    static let eve = time("2026-09-30T16:00:00+08:00")

    static func catalog() -> Catalog {
        var catalog = Fixtures.smallCatalogWithPlatform()
        catalog.stations[0].caseworkers = [
            Caseworker(id: "wang-fang", name: "王芳", phone: "0564-5136081"),
            Caseworker(id: "li-qiang", name: "李强", phone: "13800001235", isActive: false),
            Caseworker(id: "zhang-min", name: "张敏", phone: "0564-5136082"),
        ]
        catalog.calendar = [Fixtures.calendar2026()]
        return catalog
    }

    static func change(_ id: String, _ action: RequestAction, at: Date = eve, by actor: RequestActor = .station("alpha"),
                       caseworker: String? = nil, promise: RequestChange.Promise? = nil, note: String? = nil) -> RequestChange {
        let name = switch actor {
        case .station(let station): "station:\(station)"
        case .system: "system"
        default: "staff:test"
        }
        return RequestChange(requestID: id, action: action, actor: actor, actorName: name, note: note, at: at,
                             acknowledgement: AcknowledgementPolicy(), caseworker: caseworker, promise: promise)
    }

    func submitted(_ store: any Storage) async throws -> String {
        guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(at: Self.eve.addingTimeInterval(-3600))) else {
            throw FixtureError("not created")
        }
        return stored.request.id
    }

    @Test(arguments: StoreKind.allCases)
    func acceptingNamesAnActiveCaseworkerAndPromisesTheTurnaroundInWorkingDays(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        #expect(try await store.transitionRequest(Self.change(id, .accept)) == .refused(.caseworkerUnavailable(nil), current: .assigned))
        #expect(try await store.transitionRequest(Self.change(id, .accept, caseworker: "li-qiang")) == .refused(.caseworkerUnavailable("li-qiang"), current: .assigned))
        #expect(try await store.transitionRequest(Self.change(id, .accept, caseworker: "nobody")) == .refused(.caseworkerUnavailable("nobody"), current: .assigned))
        guard case .changed(let accepted) = try await store.transitionRequest(Self.change(id, .accept, caseworker: "wang-fang", note: "请带样品")) else {
            Issue.record("not accepted")
            return
        }
        let request = accepted.request
        #expect(request.caseworker == Caseworker(id: "wang-fang", name: "王芳", phone: "0564-5136081"))
        #expect(request.acceptedAt == Self.eve)
        // A-NAME takes 3 working days: 1 to 7 October are off and Saturday 10 October is worked.
        #expect(request.promisedOn == CivilDay("2026-10-10"))
        let stored = try #require(try await store.serviceRequest(id: id)).request
        #expect(stored.caseworker?.name == "王芳")
        #expect(stored.promisedOn == CivilDay("2026-10-10"))
        #expect(stored.acceptedAt == Self.eve)
        let entry = try #require(try await store.timeline(ofRequest: id).last)
        #expect(entry.action == .accept && !entry.isInternal)
        #expect(entry.note?.contains("服务专员：王芳，电话 0564-5136081") == true)
        #expect(entry.note?.contains("承诺办结日期：2026-10-10") == true)
        #expect(entry.note?.contains("请带样品") == true)
        #expect(try await store.serviceRequests(RequestQuery(caseworker: "wang-fang")).items.map(\.id) == [id])
        #expect(try await store.serviceRequests(RequestQuery(caseworker: "zhang-min")).items.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func aDayOfTheStationsOwnNeedsAReasonAndMovingItIsOnTheTimeline(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        let early = RequestChange.Promise(day: CivilDay("2026-09-29")!, reason: "加急")
        #expect(try await store.transitionRequest(Self.change(id, .accept, caseworker: "wang-fang", promise: early))
            == .refused(.promiseRefused(.inThePast(CivilDay("2026-09-29")!)), current: .assigned))
        let unexplained = RequestChange.Promise(day: CivilDay("2026-10-20")!, reason: nil)
        #expect(try await store.transitionRequest(Self.change(id, .accept, caseworker: "wang-fang", promise: unexplained))
            == .refused(.promiseRefused(.reasonMissing), current: .assigned))
        let own = RequestChange.Promise(day: CivilDay("2026-10-20")!, reason: "需外送省所检测")
        guard case .changed(let accepted) = try await store.transitionRequest(Self.change(id, .accept, caseworker: "wang-fang", promise: own)) else {
            Issue.record("not accepted")
            return
        }
        #expect(accepted.request.promisedOn == CivilDay("2026-10-20"))
        #expect(try await store.transitionRequest(Self.change(id, .reschedule, promise: .init(day: CivilDay("2026-10-30")!, reason: nil)))
            == .refused(.promiseRefused(.reasonMissing), current: .accepted))
        #expect(try await store.transitionRequest(Self.change(id, .reschedule)) == .refused(.promiseRefused(.dayMissing), current: .accepted))
        guard case .changed(let moved) = try await store.transitionRequest(
            Self.change(id, .reschedule, promise: .init(day: CivilDay("2026-10-30")!, reason: "省所设备检修")))
        else {
            Issue.record("not moved")
            return
        }
        #expect(moved.request.promisedOn == CivilDay("2026-10-30"))
        let entry = try #require(try await store.timeline(ofRequest: id).last)
        #expect(entry.action == .reschedule && !entry.isInternal && entry.isVisible(to: .firm))
        #expect(entry.note?.contains("由 2026-10-20 改为 2026-10-30") == true)
        #expect(entry.note?.contains("省所设备检修") == true)
        // Another caseworker, seen by the firm; one the station does not list is refused.
        #expect(try await store.transitionRequest(Self.change(id, .nameCaseworker, caseworker: "li-qiang"))
            == .refused(.caseworkerUnavailable("li-qiang"), current: .accepted))
        guard case .changed(let renamed) = try await store.transitionRequest(Self.change(id, .nameCaseworker, caseworker: "zhang-min")) else {
            Issue.record("not renamed")
            return
        }
        #expect(renamed.request.caseworker?.name == "张敏")
        #expect(try await store.timeline(ofRequest: id).last?.note?.contains("服务专员改为：张敏") == true)
        // Another station may not.
        #expect(try await store.transitionRequest(Self.change(id, .reschedule, by: .station("beta"), promise: own))
            == .refused(.notPermitted(action: .reschedule), current: .accepted))
    }

    @Test(arguments: StoreKind.allCases)
    func aMissedPromiseIsAnnouncedToThePlatformOnce(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let platform = try await store.createEndpoint(NewEndpoint(
            station: "beta", url: "http://127.0.0.1:9/hook", eventTypes: [], description: "平台", secret: DeliveryStoreContractTests.secret, actor: "staff:test", at: Date()))
        let id = try await submitted(store)
        _ = try await store.transitionRequest(Self.change(id, .accept, caseworker: "wang-fang"))
        let date = TestDate(Self.eve)
        let escalator = DeadlineEscalator(store: store, clock: ContinuousClock(), now: { date.now }, acknowledgement: AcknowledgementPolicy(),
                                          logger: Logger(label: "test"))
        // On the promised day itself it is not late yet.
        date.advance(by: TimeInterval(CivilDay("2026-10-10")!.number - CivilDay("2026-09-30")!.number) * 86_400)
        #expect(try await escalator.flagOverdue() == 0)
        date.advance(by: 86_400)
        #expect(try await escalator.flagOverdue() == 1)
        #expect(try await escalator.flagOverdue() == 0)
        let request = try #require(try await store.serviceRequest(id: id)).request
        #expect(request.overdueAt == date.now)
        #expect(request.status == .accepted)
        #expect(try await store.serviceRequests(RequestQuery(overdueOn: CivilDay("2026-10-11"))).items.map(\.id) == [id])
        #expect(try await store.serviceRequests(RequestQuery(overdueOn: CivilDay("2026-10-10"))).items.isEmpty)
        let sent = try await store.deliveries(DeliveryQuery(endpoint: platform.id, page: PageRequest(page: 1, perPage: 50))).items
        #expect(sent.filter { $0.eventType == .requestOverdue }.count == 1)
        // The firm is not told the platform was: that entry is for staff.
        let entry = try #require(try await store.timeline(ofRequest: id).last)
        #expect(entry.action == .flagOverdue && !entry.isVisible(to: .firm))
        // A new promise, missed again, is announced again; a completed request never.
        _ = try await store.transitionRequest(Self.change(id, .reschedule, at: date.now, promise: .init(day: CivilDay("2026-10-13")!, reason: "补测")))
        date.advance(by: 3 * 86_400)
        #expect(try await escalator.flagOverdue() == 1)
        _ = try await store.transitionRequest(Self.change(id, .complete, at: date.now, note: "已出具报告"))
        #expect(try #require(try await store.serviceRequest(id: id)).request.completedAt == date.now)
        date.advance(by: 30 * 86_400)
        #expect(try await escalator.flagOverdue() == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aRerouteLeavesTheNextStationItsOwnPromise(kind: StoreKind) async throws {
        let store = try await kind.make(with: Self.catalog())
        let id = try await submitted(store)
        _ = try await store.transitionRequest(Self.change(id, .accept, caseworker: "wang-fang"))
        let reassign = RequestChange(requestID: id, action: .reassign, actor: .staff, actorName: "staff:test", note: "改由平台办理", at: Self.eve,
                                     toStation: "beta", acknowledgement: AcknowledgementPolicy())
        guard case .changed(let moved) = try await store.transitionRequest(reassign) else {
            Issue.record("not reassigned")
            return
        }
        #expect(moved.request.caseworker == nil && moved.request.promisedOn == nil && moved.request.acceptedAt == nil)
        // beta lists no caseworkers: it accepts without naming one.
        guard case .changed(let accepted) = try await store.transitionRequest(Self.change(id, .accept, by: .station("beta"))) else {
            Issue.record("not accepted")
            return
        }
        #expect(accepted.request.caseworker == nil)
    }
}
