import Foundation
import OnestopDomain
import OnestopTestSupport
import Testing

/// What each step of 好差评 does to an evaluation, and when the rules refuse it.
@Suite struct EvaluationRulesTests {
    let calendar = WorkingCalendar.china.with([Fixtures.calendar2026()])
    static func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    /// Completed on Wednesday 30 September 2026, the eve of National Day.
    static let closed = time("2026-09-30T16:00:00+08:00")

    func request(_ status: RequestStatus = .completed) -> ServiceRequest {
        var request = ServiceRequest(
            id: "LA-20260930-0001", status: status,
            enterprise: Enterprise(name: "金寨县某茶业有限公司", uscc: "91512081MA62K0260E", region: "341524", contactName: "张三", phone: "13800001234"),
            serviceCode: "JZ-TEA-001", categoryCode: nil, description: "检测", mode: .station, preferredStation: nil, station: "jinzhai",
            service: "JZ-TEA-001", acknowledgeBy: nil, createdAt: Self.closed.addingTimeInterval(-86_400), updatedAt: Self.closed)
        request.caseworker = Caseworker(id: "wu-xia", name: "吴霞", phone: "0564-7010002")
        request.closedAt = Self.closed
        return request
    }

    func apply(_ step: EvaluationStep, to existing: Evaluation?, at now: Date, by actor: String = "staff:ops",
               policy: EvaluationPolicy = .standard) -> Result<EvaluationRules.Outcome, EvaluationRules.Problem> {
        EvaluationRules.apply(step, to: existing, of: request(), actorName: actor, at: now, policy: policy, calendar: calendar)
    }

    func evaluation(_ step: EvaluationStep, to existing: Evaluation?, at now: Date, by actor: String = "staff:ops") throws -> Evaluation {
        try apply(step, to: existing, at: now, by: actor).get().evaluation
    }

    @Test func aGoodRatingOpensNoFollowUp() throws {
        let ratings = Evaluation.Ratings(overall: .basicallySatisfied, attitude: .verySatisfied)
        let outcome = try apply(.rate(ratings, comment: "还行"), to: nil, at: Self.closed.addingTimeInterval(3600)).get()
        #expect(outcome.evaluation.ratings == ratings && outcome.evaluation.comment == "还行")
        #expect(outcome.evaluation.station == "jinzhai" && outcome.evaluation.caseworker?.name == "吴霞")
        #expect(outcome.evaluation.followUp == nil && !outcome.evaluation.isBadReview && outcome.evaluation.counts)
        #expect(outcome.note.hasPrefix("企业已评价：整体满意度 基本满意；服务态度 非常满意"))
        // Nothing to follow up or appeal.
        #expect(apply(.answer("x"), to: outcome.evaluation, at: Self.closed) == .failure(.notBadReview))
        #expect(apply(.appeal(reason: "x"), to: outcome.evaluation, at: Self.closed) == .failure(.notBadReview))
        #expect(apply(.rate(ratings, comment: nil), to: outcome.evaluation, at: Self.closed) == .failure(.alreadyEvaluated))
    }

    @Test func theLevelsAndWhatCountsAsSatisfied() {
        #expect(SatisfactionLevel.allCases.map(\.nameZh) == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"])
        #expect(SatisfactionLevel.allCases.filter(\.isSatisfied) == [.verySatisfied, .satisfied, .basicallySatisfied])
        #expect(SatisfactionLevel.allCases.filter(\.isBad) == [.dissatisfied, .veryDissatisfied])
        #expect(SatisfactionLevel.allCases.sorted(by: >).first == .veryDissatisfied)
    }

    @Test func theWindowIsThirtyDaysAfterClosingOrAsConfigured() {
        let ratings = Evaluation.Ratings(overall: .satisfied)
        let closes = Self.closed.addingTimeInterval(30 * 86_400)
        #expect((try? apply(.rate(ratings, comment: nil), to: nil, at: closes).get()) != nil)
        #expect(apply(.rate(ratings, comment: nil), to: nil, at: closes.addingTimeInterval(1)) == .failure(.windowClosed(closes)))
        let week = EvaluationPolicy(windowDays: 7, followUpWorkingDays: 5)
        #expect(apply(.rate(ratings, comment: nil), to: nil, at: Self.closed.addingTimeInterval(8 * 86_400), policy: week)
            == .failure(.windowClosed(Self.closed.addingTimeInterval(7 * 86_400))))
        #expect(week.window(of: request(.inProgress)) == nil)
        #expect(week.window(of: request(.cancelled)) == nil)
        #expect(week.window(of: request(.unserviceable)) == Self.closed.addingTimeInterval(7 * 86_400))
    }

    @Test func aBadReviewIsDueInFiveWorkingDaysAndAnsweredOnce() throws {
        // Rated on National Day itself: the five working days are 8, 9, 10 (a worked Saturday), 12 and 13 October.
        let rated = Self.time("2026-10-02T09:00:00+08:00")
        let outcome = try apply(.rate(.init(overall: .veryDissatisfied), comment: nil), to: nil, at: rated).get()
        let followUp = try #require(outcome.evaluation.followUp)
        #expect(calendar.civilDay(of: followUp.dueAt) == CivilDay("2026-10-13"))
        #expect(outcome.note.contains("差评：服务站应于 2026-10-13 前反馈整改情况"))
        #expect(outcome.evaluation.isBadReview && !outcome.evaluation.followUpPastDeadline(at: followUp.dueAt))
        #expect(outcome.evaluation.followUpPastDeadline(at: followUp.dueAt.addingTimeInterval(1)))
        #expect(apply(.escalate, to: outcome.evaluation, at: followUp.dueAt) == .failure(.notDue))
        let escalated = try evaluation(.escalate, to: outcome.evaluation, at: followUp.dueAt.addingTimeInterval(1), by: "system")
        #expect(escalated.followUp?.escalatedAt == followUp.dueAt.addingTimeInterval(1))
        #expect(apply(.escalate, to: escalated, at: followUp.dueAt.addingTimeInterval(2)) == .failure(.notDue))

        let answered = try evaluation(.answer("已整改"), to: outcome.evaluation, at: followUp.dueAt, by: "station:jinzhai")
        #expect(answered.followUp?.answeredOnTime == true && answered.followUp?.answeredBy == "station:jinzhai")
        #expect(!answered.followUpPastDeadline(at: followUp.dueAt.addingTimeInterval(86_400)))
        #expect(apply(.answer("again"), to: answered, at: followUp.dueAt) == .failure(.alreadyAnswered))
        #expect(answered.followUp?.isClosed == false)
        let unreached = try evaluation(.callback(reached: false, note: "无人接听"), to: answered, at: followUp.dueAt)
        #expect(unreached.followUp?.isClosed == false)
        let reached = try evaluation(.callback(reached: true, note: "满意整改"), to: unreached, at: followUp.dueAt)
        #expect(reached.followUp?.isClosed == true && reached.followUp?.callback?.note == "满意整改")
        #expect(apply(.callback(reached: false, note: "x"), to: reached, at: followUp.dueAt) == .failure(.alreadyReached))
        #expect(reached.ratings.overall == .veryDissatisfied)
    }

    @Test func oneAppealPerReviewDecidedOnce() throws {
        let rated = try evaluation(.rate(.init(overall: .dissatisfied), comment: nil), to: nil, at: Self.closed)
        #expect(apply(.review(.upheld, reason: "x"), to: rated, at: Self.closed) == .failure(.notAppealed))
        let appealed = try evaluation(.appeal(reason: "误评"), to: rated, at: Self.closed, by: "station:jinzhai")
        #expect(apply(.appeal(reason: "again"), to: appealed, at: Self.closed) == .failure(.alreadyAppealed))
        let upheld = try evaluation(.review(.upheld, reason: "评价属实"), to: appealed, at: Self.closed)
        #expect(upheld.counts && upheld.isBadReview && upheld.appeal?.decision == .upheld)
        #expect(apply(.review(.setAside, reason: "x"), to: upheld, at: Self.closed) == .failure(.alreadyDecided))
        let setAside = try evaluation(.review(.setAside, reason: "恶意评价"), to: appealed, at: Self.closed)
        #expect(!setAside.counts && !setAside.isBadReview && !setAside.followUpPastDeadline(at: Self.closed.addingTimeInterval(30 * 86_400)))
        #expect(apply(.answer("x"), to: setAside, at: Self.closed) == .failure(.notBadReview))
    }

    @Test func stepsBeforeARatingAreRefused() {
        for step: EvaluationStep in [.answer("x"), .callback(reached: true, note: "x"), .appeal(reason: "x"), .review(.upheld, reason: "x"), .escalate] {
            #expect(apply(step, to: nil, at: Self.closed) == .failure(.notEvaluated), "\(step)")
        }
    }
}
