import Foundation
import OnestopDomain
import OnestopStore
import Testing

/// What settling a batch of attempts decides, apart from any database: both stores write exactly this.
@Suite struct SettlePlanTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func endpoint(_ id: String, enabled: Bool = true, failingSince: Date? = nil) -> EndpointRecord {
        var record = EndpointRecord(
            NewEndpoint(station: "alpha", url: "http://127.0.0.1:9/\(id)", eventTypes: [], description: nil, secret: "whsec_x", actor: "t", at: start),
            id: id)
        record.enabled = enabled
        record.failingSince = failingSince.map(Milliseconds.from)
        return record
    }

    static func result(_ endpoint: String, _ next: DeliveryResult.Next, after seconds: Double, code: Int? = 500, delivery: Int64 = 1,
                       disableAfter: Duration = .seconds(86_400), signatureRefused: Bool = false) -> DeliveryResult {
        DeliveryResult(delivery: delivery, lease: 7, endpoint: endpoint,
                       attempt: DeliveryAttempt(at: start.addingTimeInterval(seconds), statusCode: code, durationMilliseconds: 5, response: "r\u{0}", error: nil),
                       next: next, disableAfter: disableAfter, signatureRefused: signatureRefused)
    }

    @Test func aSuccessThenAFailureLeavesTheFailureCountingAndTheSuccessRecorded() {
        let plan = SettlePlan([Self.result("a", .succeeded, after: 1, code: 204), Self.result("a", .retry(at: Self.start.addingTimeInterval(60)), after: 2)],
                              endpoints: ["a": Self.endpoint("a")], signatureAlerts: [])
        #expect(plan.endpoints.count == 1)
        #expect(plan.endpoints.first?.lastSuccessAt == Milliseconds.from(Self.start.addingTimeInterval(1)))
        #expect(plan.endpoints.first?.failingSince == Milliseconds.from(Self.start.addingTimeInterval(2)))
        #expect(plan.settlements.map(\.status) == ["succeeded", "pending"])
        #expect(plan.settlements.last?.next == Milliseconds.from(Self.start.addingTimeInterval(60)))
        #expect(plan.attempts.allSatisfy { $0.response == "r\u{FFFD}" })
    }

    @Test func aBatchOfSuccessesNeedsNoRowsAndWritesOnlyTheLatestSuccessOfEach() {
        let results = [Self.result("a", .succeeded, after: 1, code: 204), Self.result("b", .succeeded, after: 2, code: 204, delivery: 2),
                       Self.result("a", .succeeded, after: 3, code: 204, delivery: 3)]
        #expect(!SettlePlan.readsEndpoints(results))
        #expect(SettlePlan.readsEndpoints(results + [Self.result("b", .failed, after: 4, delivery: 4)]))
        let plan = SettlePlan(results, endpoints: [:], signatureAlerts: [])
        #expect(plan.healthy == [.init(id: "a", at: Milliseconds.from(Self.start.addingTimeInterval(3))),
                                 .init(id: "b", at: Milliseconds.from(Self.start.addingTimeInterval(2)))])
        #expect(plan.endpoints.isEmpty && plan.audits.isEmpty && plan.alerts.isEmpty)
        #expect(plan.attempts.count == 3)
    }

    @Test func aFailureThenASuccessClearsTheCount() {
        let plan = SettlePlan([Self.result("a", .failed, after: 1), Self.result("a", .succeeded, after: 2, code: 200)],
                              endpoints: ["a": Self.endpoint("a", failingSince: Self.start)], signatureAlerts: [])
        #expect(plan.endpoints.first?.failingSince == nil)
        #expect(plan.endpoints.first?.lastSuccessAt == Milliseconds.from(Self.start.addingTimeInterval(2)))
        #expect(plan.alerts.isEmpty)
    }

    @Test func failingPastTheLimitDisablesOnceWithAnAuditAndAnAlert() {
        let since = Self.start.addingTimeInterval(-86_400)
        let plan = SettlePlan([Self.result("a", .failed, after: 1), Self.result("a", .failed, after: 2, delivery: 2)],
                              endpoints: ["a": Self.endpoint("a", failingSince: since)], signatureAlerts: [])
        #expect(plan.endpoints.first?.enabled == false)
        #expect(plan.endpoints.first?.disabledReason?.contains("1 天") == true)
        #expect(plan.audits.map(\.actor) == ["system"])
        #expect(plan.alerts.map(\.kind) == [StaffAlert.Kind.endpointDisabled.rawValue])
    }

    @Test func aGoneEndpointIsDisabledButADeletedOneRaisesNothing() {
        var deleted = Self.endpoint("d")
        deleted.deletedAt = Milliseconds.from(Self.start)
        deleted.enabled = false
        let plan = SettlePlan([Self.result("g", .endpointGone, after: 1, code: 410), Self.result("d", .endpointGone, after: 1, code: 410, delivery: 2)],
                              endpoints: ["g": Self.endpoint("g"), "d": deleted], signatureAlerts: [])
        #expect(plan.endpoints.first { $0.id == "g" }?.enabled == false)
        #expect(plan.alerts.compactMap(\.endpointId) == ["g"])
    }

    @Test func aRefusedSignatureIsAlertedOnceADay() {
        let results = [Self.result("a", .failed, after: 1, signatureRefused: true), Self.result("a", .failed, after: 2, delivery: 2, signatureRefused: true),
                       Self.result("b", .failed, after: 3, delivery: 3, signatureRefused: true)]
        let recent = StaffAlertRecord(at: Milliseconds.from(Self.start) - 3_600_000, kind: .signatureRefused, endpoint: Self.endpoint("b"), message: "m")
        let plan = SettlePlan(results, endpoints: ["a": Self.endpoint("a"), "b": Self.endpoint("b")], signatureAlerts: [recent])
        #expect(plan.alerts.map(\.endpointId) == ["a"])
        #expect(plan.alerts.first?.kind == StaffAlert.Kind.signatureRefused.rawValue)
    }

    @Test func aPauseKeepsTheLaterOfTwo() {
        var first = Self.result("a", .retry(at: Self.start), after: 1)
        first.pauseEndpointUntil = Self.start.addingTimeInterval(120)
        var second = Self.result("a", .retry(at: Self.start), after: 2, delivery: 2)
        second.pauseEndpointUntil = Self.start.addingTimeInterval(60)
        let plan = SettlePlan([first, second], endpoints: ["a": Self.endpoint("a")], signatureAlerts: [])
        #expect(plan.endpoints.first?.pausedUntil == Milliseconds.from(Self.start.addingTimeInterval(120)))
    }
}
