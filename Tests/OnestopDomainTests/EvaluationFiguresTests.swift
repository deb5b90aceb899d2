import Foundation
import OnestopDomain
import OnestopTestSupport
import Testing

/// 好差评's figures: the evaluation and satisfaction rates, the levels, and bad reviews followed up on time;
/// a review set aside on appeal left out of all but its own count.
@Suite struct EvaluationFiguresTests {
    let base = AssessmentStatisticsTests()

    func completed(_ overall: SatisfactionLevel?, attitude: SatisfactionLevel? = nil, counts: Bool = true, due: String? = nil, answered: String? = nil,
                   station: String = "alpha", caseworker: String? = "wang-fang", status: RequestStatus = .completed) -> AssessmentFacts.Request {
        var request = base.request(status: status, station: station, accepted: "2026-09-30T16:00:00+08:00", completed: "2026-10-08T10:00:00+08:00",
                                   caseworker: caseworker)
        request.evaluation = overall.map { overall in
            AssessmentFacts.Request.Rated(ratings: .init(overall: overall, attitude: attitude), counts: counts,
                                          followUpDue: due.map(base.time), answeredAt: answered.map(base.time))
        }
        return request
    }

    @Test func theRatesAndTheLevels() {
        let statistics = base.statistics([
            completed(.verySatisfied, attitude: .satisfied), completed(.basicallySatisfied), completed(.satisfied, attitude: .satisfied),
            completed(.dissatisfied, due: "2026-10-15T10:00:00+08:00"), completed(nil), completed(nil, status: .unserviceable),
            base.request(status: .inProgress, accepted: "2026-09-30T16:00:00+08:00"),
        ], now: "2026-10-12T12:00:00+08:00")
        let figures = statistics.total.evaluation
        #expect(figures.evaluable == 6 && figures.evaluated == 4)
        #expect(figures.evaluationRate == 0.6667)
        #expect(figures.satisfied == 3 && figures.satisfactionRate == 0.75)
        #expect(figures.count(.overall, .verySatisfied) == 1 && figures.count(.overall, .dissatisfied) == 1 && figures.count(.overall, .veryDissatisfied) == 0)
        #expect(figures.count(.attitude, .satisfied) == 2 && figures.count(.efficiency, .satisfied) == 0)
        #expect(figures.levels.count == 4 && figures.levels.values.allSatisfy { $0.count == 5 }, "every indicator and level, zeros included")
        // The bad review is not due yet: it counts nowhere in the follow-ups' rate.
        #expect(figures.badReviews == 1 && figures.followUpsDue == 0 && figures.followUpOnTimeRate == nil && figures.followedUpRate == 0)
        // By station, county, category and caseworker alike.
        #expect(statistics.byStation.first { $0.key == "alpha" }?.figures.evaluation == figures)
        #expect(statistics.byCaseworker.first?.figures.evaluation.evaluated == 4)
        #expect(statistics.byCategory.first?.figures.evaluation.satisfied == 3)
    }

    @Test func followUpsOnTimeLateAndMissing() {
        let due = "2026-10-15T10:00:00+08:00"
        let figures = base.statistics([
            completed(.dissatisfied, due: due, answered: "2026-10-15T09:00:00+08:00"),
            completed(.veryDissatisfied, due: due, answered: "2026-10-16T09:00:00+08:00"),
            completed(.dissatisfied, due: due),
            completed(.veryDissatisfied, due: "2026-10-30T10:00:00+08:00"),
        ], now: "2026-10-20T12:00:00+08:00").total.evaluation
        #expect(figures.badReviews == 4 && figures.followedUp == 2 && figures.followedUpRate == 0.5)
        #expect(figures.followUpsDue == 3 && figures.followUpsOnTime == 1 && figures.followUpOnTimeRate == 0.3333)
        #expect(figures.satisfactionRate == 0)
    }

    @Test func aReviewSetAsideLeavesTheFigures() {
        let figures = base.statistics([
            completed(.veryDissatisfied, counts: false, due: "2026-10-15T10:00:00+08:00"), completed(.satisfied),
        ], now: "2026-10-20T12:00:00+08:00").total.evaluation
        #expect(figures.setAside == 1 && figures.evaluated == 1 && figures.badReviews == 0 && figures.followUpsDue == 0)
        #expect(figures.satisfactionRate == 1 && figures.count(.overall, .veryDissatisfied) == 0)
        #expect(figures.evaluationRate == 0.5, "a review set aside is not an evaluation that counts")
    }
}
