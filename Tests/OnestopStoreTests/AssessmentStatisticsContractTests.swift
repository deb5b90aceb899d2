import Foundation
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// The assessment figures a store reads and computes, on every store: four requests received on the eve of
/// National Day, one completed, one overdue, one declined and one escalated.
@Suite struct AssessmentStatisticsContractTests {
    static let time = PromiseContractTests.time
    /// Monday 12 October, after the holiday.
    static let now = time("2026-10-12T12:00:00+08:00")

    /// Submits and acts the four requests; returns their ids in order.
    func fourRequests(_ store: any Storage) async throws -> [String] {
        var ids: [String] = []
        for _ in 0..<4 {
            // Received at 15:00 on 30 September, due for acceptance one working day later: 15:00 on 8 October.
            guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(at: Self.time("2026-09-30T15:00:00+08:00"))) else {
                throw FixtureError("not created")
            }
            ids.append(stored.request.id)
        }
        func act(_ change: RequestChange) async throws {
            guard case .changed = try await store.transitionRequest(change) else { throw FixtureError("refused: \(change.action)") }
        }
        let change = PromiseContractTests.change
        // 1: accepted an hour after assignment, promised 10 October (3 working days), completed on 8 October at 10:00.
        try await act(change(ids[0], .accept, PromiseContractTests.eve, .station("alpha"), "wang-fang", nil, nil))
        try await act(change(ids[0], .complete, Self.time("2026-10-08T10:00:00+08:00"), .station("alpha"), nil, nil, nil))
        // 2: accepted with a day of the station's own, 8 October, and not completed: overdue now.
        try await act(change(ids[1], .accept, PromiseContractTests.eve, .station("alpha"), "zhang-min",
                             .init(day: CivilDay("2026-10-08")!, reason: "需外送检测"), nil))
        // 3: declined, re-routed to the platform, which accepts it at 9:00 on 8 October, before its deadline.
        try await act(change(ids[2], .decline, PromiseContractTests.eve, .station("alpha"), nil, nil, "不在服务范围"))
        try await act(change(ids[2], .accept, Self.time("2026-10-08T09:00:00+08:00"), .station("beta"), nil, nil, nil))
        // 4: never accepted, escalated at 17:00 on 8 October; the platform is past its own deadline now too.
        try await act(change(ids[3], .escalate, Self.time("2026-10-08T17:00:00+08:00"), .system, nil, nil, nil))
        return ids
    }

    @Test(arguments: StoreKind.allCases)
    func figuresByStationCountyCategoryAndCaseworker(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        _ = try await fourRequests(store)
        let statistics = try await store.requestStatistics(StatisticsQuery(), now: Self.now)
        let assessment = statistics.assessment

        let alpha = try #require(assessment.byStation.first { $0.key == "alpha" })
        #expect(alpha.name == "甲站")
        #expect(alpha.figures == AssessmentFigures(
            received: 4, accepted: 2, acceptedOnTime: 2, acceptanceDue: 3, medianWorkingDaysToAccept: 0.04,
            completed: 1, medianWorkingDaysToComplete: 0.75, completedByPromise: 1, promisesDue: 2, overdue: 1,
            declined: 1, escalated: 1, evaluation: EvaluationFigures(evaluable: 1)))
        #expect(alpha.figures.acceptedOnTimeRate == 0.6667)
        #expect(alpha.figures.completedByPromiseRate == 0.5)

        // 17 hours of working time from the decline to acceptance: 16:00 to midnight on 30 September, then 8 October to 9:00.
        let beta = try #require(assessment.byStation.first { $0.key == "beta" })
        #expect(beta.figures == AssessmentFigures(
            received: 2, accepted: 1, acceptedOnTime: 1, acceptanceDue: 2, medianWorkingDaysToAccept: 0.71))
        #expect(beta.figures.completedByPromiseRate == nil)
        #expect(assessment.byStation.map(\.key) == ["alpha", "beta"])

        #expect(assessment.total == AssessmentFigures(
            received: 4, accepted: 3, acceptedOnTime: 3, acceptanceDue: 5, medianWorkingDaysToAccept: 0.04,
            completed: 1, medianWorkingDaysToComplete: 0.75, completedByPromise: 1, promisesDue: 2, overdue: 1,
            declined: 1, escalated: 1, evaluation: EvaluationFigures(evaluable: 1)))
        #expect(assessment.byCounty.map(\.key) == ["100001", "100000"])
        #expect(assessment.byCounty[0].name == "样例县")
        #expect(assessment.byCounty[0].figures == alpha.figures)
        #expect(assessment.byCounty[1].figures == beta.figures)
        #expect(assessment.byCategory.map(\.key) == ["metrology.pressure"])
        #expect(assessment.byCategory[0].name == "压力")
        #expect(assessment.byCategory[0].figures == assessment.total)

        #expect(assessment.byCaseworker.map { "\($0.station ?? "")/\($0.key) \($0.name ?? "")" } == ["alpha/wang-fang 王芳", "alpha/zhang-min 张敏"])
        #expect(assessment.byCaseworker[0].figures == AssessmentFigures(
            received: 1, accepted: 1, acceptedOnTime: 1, acceptanceDue: 1, medianWorkingDaysToAccept: 0.04,
            completed: 1, medianWorkingDaysToComplete: 0.75, completedByPromise: 1, promisesDue: 1, evaluation: EvaluationFigures(evaluable: 1)))
        #expect(assessment.byCaseworker[1].figures == AssessmentFigures(
            received: 1, accepted: 1, acceptedOnTime: 1, acceptanceDue: 1, medianWorkingDaysToAccept: 0.04, promisesDue: 1, overdue: 1))

        // Before the promise and the platform's deadline, nothing is overdue or waiting past its time.
        let earlier = try await store.requestStatistics(StatisticsQuery(), now: Self.time("2026-10-08T18:00:00+08:00")).assessment
        #expect(earlier.total.overdue == 0)
        #expect(earlier.total.acceptanceDue == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func aStationsRowReadsTheSameWhenFilteredToIt(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let ids = try await fourRequests(store)
        let all = try await store.requestStatistics(StatisticsQuery(), now: Self.now).assessment
        for station in ["alpha", "beta"] {
            let own = try await store.requestStatistics(StatisticsQuery(station: station), now: Self.now)
            #expect(own.assessment.byStation.first { $0.key == station } == all.byStation.first { $0.key == station })
        }
        // Requests routed to the platform: the declined one and the escalated one, with alpha's part in them.
        let platform = try await store.requestStatistics(StatisticsQuery(station: "beta"), now: Self.now)
        #expect(platform.total == 2)
        #expect(platform.assessment.byStation.first { $0.key == "alpha" }?.figures
            == AssessmentFigures(received: 2, acceptanceDue: 1, declined: 1, escalated: 1))

        let followed = try await store.requestStatistics(StatisticsQuery(caseworker: "wang-fang"), now: Self.now)
        #expect(followed.total == 1)
        #expect(followed.assessment.total.completed == 1)
        #expect(followed.assessment.byCaseworker.map(\.key) == ["wang-fang"])
        #expect(try await store.requestStatistics(StatisticsQuery(station: "beta", caseworker: "wang-fang"), now: Self.now).total == 0)

        // The period is of receipt: the day after, nothing.
        let later = try await store.requestStatistics(StatisticsQuery(from: Self.time("2026-10-01T00:00:00+08:00")), now: Self.now)
        #expect(later.assessment.total == AssessmentFigures())
        #expect(later.assessment.byStation.isEmpty)
        #expect(ids.count == 4)
    }
}
