import Foundation
import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct UnifiedSocialCreditCodeTests {
    @Test(arguments: ["91110108551385082Q", "91512081MA62K0260E", " 91512081ma62k0260e "])
    func validCodes(text: String) {
        #expect(UnifiedSocialCreditCode(text) != nil)
    }

    @Test func theCheckCharacterIsNamedWhenWrong() {
        #expect(UnifiedSocialCreditCode.parse("91350100M000100Y4Z") == .failure(.checkCharacter(expected: "3")))
        #expect(UnifiedSocialCreditCode("91350100M000100Y43") != nil)
    }

    @Test func otherProblems() {
        #expect(UnifiedSocialCreditCode.parse("9111010855138508") == .failure(.length(16)))
        #expect(UnifiedSocialCreditCode.parse("91110108551385O82Q") == .failure(.character("O", position: 15)))
        #expect(UnifiedSocialCreditCode.parse("91110108551385082O") == .failure(.checkCharacter(expected: "Q")))
        #expect(UnifiedSocialCreditCode.parse("91A10108551385082Q") == .failure(.divisionCode))
        #expect(UnifiedSocialCreditCode("91110108551385082Q")?.divisionCode == "110108")
    }

    /// The outer mod 31: when the weighted sum is divisible by 31 the check character is 0, not an index out of range.
    @Test func aSumDivisibleBy31GivesZero() {
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
        var found = 0
        for last in alphabet {
            let prefix = "9134150000000000" + String(last)
            if let code = UnifiedSocialCreditCode(prefix + "0") {
                #expect(code.value.hasSuffix("0"))
                found += 1
            }
        }
        #expect(found == 1)
    }
}

@Suite struct RequestLifecycleTests {
    typealias Step = (action: RequestAction, actor: RequestActor, from: RequestStatus, to: RequestStatus?)

    static let allowed: [Step] = [
        (.assign, .system, .submitted, .assigned),
        (.accept, .station("a"), .assigned, .accepted),
        (.decline, .station("a"), .assigned, .assigned),
        (.progress, .station("a"), .accepted, .inProgress),
        (.progress, .station("a"), .inProgress, .inProgress),
        (.complete, .station("a"), .accepted, .completed),
        (.complete, .station("a"), .inProgress, .completed),
        (.escalate, .system, .assigned, .assigned),
        (.cancel, .firm, .submitted, .cancelled),
        (.cancel, .firm, .assigned, .cancelled),
        (.cancel, .firm, .accepted, .cancelled),
        (.cancel, .firm, .inProgress, .cancelled),
        (.reassign, .staff, .accepted, .assigned),
        (.closeUnserviceable, .staff, .assigned, .unserviceable),
        // Naming another caseworker, moving the promise and flagging a missed one leave the status as it is.
        (.nameCaseworker, .station("a"), .accepted, .accepted),
        (.nameCaseworker, .station("a"), .inProgress, .inProgress),
        (.reschedule, .station("a"), .accepted, .accepted),
        (.reschedule, .station("a"), .inProgress, .inProgress),
        (.flagOverdue, .system, .accepted, .accepted),
        (.flagOverdue, .system, .inProgress, .inProgress),
        // The evaluation's steps, once the request is completed or closed as unserviceable, leave it so.
    ] + [RequestStatus.completed, .unserviceable].flatMap { status -> [Step] in
        [(.evaluate, .firm, status, status), (.answerFollowUp, .station("a"), status, status), (.appeal, .station("a"), status, status),
         (.recordCallback, .staff, status, status), (.reviewAppeal, .staff, status, status), (.escalateFollowUp, .system, status, status)]
    }

    @Test func everyAllowedTransition() {
        for step in Self.allowed {
            let result = RequestLifecycle.apply(step.action, by: step.actor, to: step.from, assignedStation: "a")
            #expect(result == .success(step.to!), "\(step.action) by \(step.actor) from \(step.from)")
        }
    }

    @Test func everyOtherTransitionIsRefusedNamingTheState() {
        let actors: [RequestActor] = [.firm, .station("a"), .staff, .system]
        for action in RequestAction.allCases {
            for actor in actors {
                for status in RequestStatus.allCases {
                    let allowed = Self.allowed.contains { $0.action == action && $0.actor == actor && $0.from == status }
                        || (action == .cancel && actor == .staff && !status.isFinal)
                        || (action == .reassign && actor == .staff && !status.isFinal)
                        || (action == .closeUnserviceable && actor == .staff && !status.isFinal)
                    let result = RequestLifecycle.apply(action, by: actor, to: status, assignedStation: "a")
                    if allowed {
                        #expect((try? result.get()) != nil, "\(action) by \(actor) from \(status)")
                    } else {
                        #expect((try? result.get()) == nil, "\(action) by \(actor) from \(status) should be refused")
                    }
                }
            }
        }
    }

    @Test func anotherStationMayNotAct() {
        #expect(RequestLifecycle.apply(.accept, by: .station("b"), to: .assigned, assignedStation: "a") == .failure(.notPermitted(action: .accept)))
        #expect(RequestLifecycle.apply(.complete, by: .station("a"), to: .completed, assignedStation: "a") == .failure(.invalidTransition(from: .completed, action: .complete)))
    }
}

@Suite struct RoutingPolicyTests {
    static func snapshot(_ change: (inout RoutingSnapshot) -> Void = { _ in }) throws -> RoutingSnapshot {
        let catalog = try Fixtures.shippedCatalog()
        var snapshot = RoutingSnapshot(stations: catalog.stations, services: catalog.services, categories: catalog.categories, regions: catalog.regions)
        change(&snapshot)
        return snapshot
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var need: RoutingNeed
        var station: String
        var tier: RoutingTier?
        var fallback = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a service in the firm's county", need: RoutingNeed(serviceCode: "JZ-TEA-001", region: "341524", mode: .station), station: "jinzhai", tier: .sameRegion),
        Case(name: "a service elsewhere", need: RoutingNeed(serviceCode: "HQ-CRA-001", region: "341524", mode: .station), station: "huoqiu", tier: .other),
        Case(name: "a category: own region first", need: RoutingNeed(categoryCode: "testing.agricultural", region: "341525", industry: "茶叶", mode: .station), station: "huoshan", tier: .sameRegion),
        Case(name: "a category from a county without it: industry next", need: RoutingNeed(categoryCode: "testing.agricultural", region: "341504", industry: "小龙虾", mode: .station), station: "huoqiu", tier: .industry),
        Case(name: "a preferred station outside the region", need: RoutingNeed(categoryCode: "testing.agricultural", region: "341525", industry: "茶叶", mode: .station, preferredStation: "shucheng"), station: "shucheng", tier: .preferred),
        Case(name: "a preferred station that does not offer it is ignored", need: RoutingNeed(categoryCode: "testing.agricultural", region: "341525", mode: .station, preferredStation: "yeji"), station: "huoshan", tier: .sameRegion),
        Case(name: "the platform before other counties", need: RoutingNeed(categoryCode: "metrology.pressure", region: "341504", mode: .station), station: "luan-platform", tier: .platform),
        Case(name: "the development zone is a region of its own", need: RoutingNeed(categoryCode: "metrology.pressure", region: "341500-etdz", mode: .station), station: "etdz", tier: .sameRegion),
        Case(name: "a mode nobody offers falls back to the platform", need: RoutingNeed(serviceCode: "JZ-JL-001", region: "341524", mode: .online), station: "luan-platform", fallback: true),
        Case(name: "an unknown service falls back to the platform", need: RoutingNeed(serviceCode: "NOPE-1", region: "341524", mode: .online), station: "luan-platform", fallback: true),
    ]

    @Test(arguments: cases)
    func routes(_ example: Case) throws {
        let decision = try #require(RoutingPolicy.route(example.need, in: try Self.snapshot()))
        #expect(decision.station == example.station)
        #expect(decision.fallback == example.fallback)
        if let tier = example.tier { #expect(decision.candidates.first?.tier == tier) }
        if example.fallback { #expect(decision.service == nil && decision.candidates.isEmpty) }
    }

    @Test func capacitySuspensionAndDeclinesExcludeWithReasons() throws {
        let need = RoutingNeed(categoryCode: "testing.agricultural", region: "341525", industry: "茶叶", mode: .station, declinedBy: ["jinzhai"])
        let snapshot = try Self.snapshot { snapshot in
            snapshot.openRequests["huoshan"] = 35
            if let index = snapshot.stations.firstIndex(where: { $0.id == "shucheng" }) { snapshot.stations[index].status = .suspended }
        }
        let decision = try #require(RoutingPolicy.route(need, in: snapshot))
        let reasons = Dictionary(decision.excluded.map { ($0.station, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons["huoshan"] == .atCapacity)
        #expect(reasons["shucheng"] == .suspended)
        #expect(reasons["jinzhai"] == .declined)
        #expect(!decision.candidates.contains { ["huoshan", "shucheng", "jinzhai"].contains($0.station) })
        #expect(decision.candidates.first?.tier == .industry)
    }

    @Test func amongEqualsTheLeastLoadedWins() throws {
        let need = RoutingNeed(categoryCode: "testing.agricultural", region: "341504", industry: "茶叶", mode: .station)
        let quiet = try #require(RoutingPolicy.route(need, in: try Self.snapshot()))
        let industryTier = quiet.candidates.filter { $0.tier == .industry }.map(\.station)
        #expect(industryTier.count >= 3)
        #expect(industryTier == industryTier.sorted(), "equal load ties break by id")
        let busy = try #require(RoutingPolicy.route(need, in: try Self.snapshot { $0.openRequests[industryTier[0]] = 10 }))
        #expect(busy.station == industryTier[1])
        #expect(busy.candidates.last(where: { $0.tier == .industry })?.station == industryTier[0])
    }

    @Test func everyoneDeclinedGoesToThePlatform() throws {
        let need = RoutingNeed(serviceCode: "JZ-TEA-001", region: "341524", mode: .station, declinedBy: ["jinzhai"])
        let decision = try #require(RoutingPolicy.route(need, in: try Self.snapshot()))
        #expect(decision.station == "luan-platform")
        #expect(decision.fallback)
        #expect(decision.excluded.map(\.reason) == [.declined])
    }

    @Test func noActivePlatformMeansNoDecision() throws {
        let snapshot = try Self.snapshot { $0.stations.removeAll { $0.kind == .platform } }
        #expect(RoutingPolicy.route(RoutingNeed(serviceCode: "NOPE", region: "341524", mode: .online), in: snapshot) == nil)
    }
}

@Suite struct RequestSubmissionTests {
    static let context = RequestSubmission.Context(
        regions: ["341500", "341524"], categories: ["testing", "testing.agricultural"],
        services: ["JZ-TEA-001"], stations: ["jinzhai", "luan-platform"]
    )

    static func valid() -> RequestSubmission {
        RequestSubmission(
            enterprise: .init(name: "金寨某茶业有限公司", uscc: "91512081ma62k0260e", region: "341524", industry: "茶叶",
                              contactName: "张三", phone: "+86 138-0000-1234", email: "zs@example.org"),
            serviceCode: "JZ-TEA-001", description: "出口前需要农残检测。", mode: "station"
        )
    }

    @Test func aValidSubmissionIsNormalised() throws {
        let checked = try Self.valid().validate(in: Self.context).get()
        #expect(checked.enterprise.uscc == "91512081MA62K0260E")
        #expect(checked.enterprise.phone == "13800001234")
        #expect(checked.need == RoutingNeed(serviceCode: "JZ-TEA-001", region: "341524", industry: "茶叶", mode: .station))
    }

    @Test func everyFieldErrorAtOnce() {
        var submission = Self.valid()
        submission.enterprise?.uscc = "91350100M000100Y4Z"
        submission.enterprise?.region = "999999"
        submission.enterprise?.phone = "12345"
        submission.enterprise?.email = "nope"
        submission.enterprise?.name = " "
        submission.description = String(repeating: "长", count: 4001)
        submission.mode = "teleport"
        submission.preferredStation = "mars"
        guard case .failure(let failure) = submission.validate(in: Self.context) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.issues.map(\.field) == [
            "enterprise.name", "enterprise.uscc", "enterprise.region", "enterprise.phone", "enterprise.email",
            "description", "mode", "preferred_station",
        ])
        #expect(failure.issues[1].messageZh.contains("校验位") && failure.issues[1].messageEn.contains("check character"))
    }

    @Test func serviceOrCategoryButNotBothNorNeither() {
        var neither = Self.valid()
        neither.serviceCode = nil
        var both = Self.valid()
        both.categoryCode = "testing"
        var unknownCategory = Self.valid()
        unknownCategory.serviceCode = nil
        unknownCategory.categoryCode = "nope"
        for (submission, field) in [(neither, "service_code"), (both, "category_code"), (unknownCategory, "category_code")] {
            guard case .failure(let failure) = submission.validate(in: Self.context) else {
                Issue.record("expected a failure for \(field)")
                continue
            }
            #expect(failure.issues.map(\.field) == [field])
        }
        #expect(RequestSubmission().validate(in: Self.context).failureFields == ["enterprise", "service_code", "description", "mode"])
    }

    @Test func oneWorkingDay() throws {
        let calendar = WorkingCalendar.china
        let formatter = ISO8601DateFormatter()
        let friday = try #require(formatter.date(from: "2026-11-27T10:00:00+08:00"))
        #expect(calendar.adding(workingDays: 1, to: friday) == formatter.date(from: "2026-11-30T10:00:00+08:00"))
        let thursday = try #require(formatter.date(from: "2026-11-26T23:30:00+08:00"))
        #expect(calendar.adding(workingDays: 1, to: thursday) == formatter.date(from: "2026-11-27T23:30:00+08:00"))
        let saturday = try #require(formatter.date(from: "2026-11-28T09:00:00+08:00"))
        #expect(calendar.adding(workingDays: 1, to: saturday) == formatter.date(from: "2026-11-30T09:00:00+08:00"))
    }

    @Test func aDayIsExactlyYearMonthDayInChinaStandardTime() {
        let calendar = WorkingCalendar.china
        #expect(calendar.day("2026-11-27") == ISO8601DateFormatter().date(from: "2026-11-27T00:00:00+08:00"))
        for text in ["2026-11-27*", "2026-02-30", "2026-13-01", "2026-11-00", "2026-11-27 ", " 2026-11-27", "2026-1-27", "20261127", "2026-11-27T00:00:00Z", "二〇二六-11-27", ""] {
            #expect(calendar.day(text) == nil, "\(text)")
        }
    }
}

extension Result where Failure == ValidationFailure {
    var failureFields: [String] {
        if case .failure(let failure) = self { return failure.issues.map(\.field) }
        return []
    }
}

@Suite struct RoutingServiceChoiceTests {
    @Test func aCategoryRequestIsServedAsTheStationsServiceForTheFirmsIndustry() throws {
        let snapshot = try RoutingPolicyTests.snapshot()
        let need = RoutingNeed(categoryCode: "testing.agricultural", region: "341525", industry: "茶叶", mode: .station)
        let decision = try #require(RoutingPolicy.route(need, in: snapshot))
        #expect(decision.station == "huoshan")
        #expect(decision.service == "HS-TEA-001")
        let herbs = try #require(RoutingPolicy.route(RoutingNeed(categoryCode: "testing.agricultural", region: "341525", industry: "石斛", mode: .station), in: snapshot))
        #expect(herbs.service == "HS-DEN-001")
    }
}
