import Foundation
import Logging
import OnestopBackground
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// 好差评 on every store: one evaluation per request, the follow-up of a bad review announced, answered,
/// called back and escalated when late, an appeal decided, and nothing written when a step is refused.
@Suite struct EvaluationContractTests {
    static let eve = PromiseContractTests.eve

    static func step(_ id: String, _ step: EvaluationStep, at: Date, by actor: RequestActor) -> RequestChange {
        let name = switch actor {
        case .station(let station): "station:\(station)"
        case .firm: "firm"
        case .system: "system"
        default: "staff:test"
        }
        return RequestChange(requestID: id, step: step, actor: actor, actorName: name, at: at, policy: .standard, acknowledgement: AcknowledgementPolicy())
    }

    /// A request alpha accepted and completed the evening before National Day.
    func completed(_ store: any Storage) async throws -> String {
        guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(at: Self.eve.addingTimeInterval(-3600))) else {
            throw FixtureError("not created")
        }
        let id = stored.request.id
        guard case .changed = try await store.transitionRequest(PromiseContractTests.change(id, .accept, caseworker: "wang-fang")),
            case .changed(let done) = try await store.transitionRequest(PromiseContractTests.change(id, .complete, note: "已出具报告"))
        else { throw FixtureError("not completed") }
        #expect(done.request.closedAt == Self.eve)
        return id
    }

    @Test(arguments: StoreKind.allCases)
    func aRatingIsStoredOnceAndOnlyInItsWindow(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        guard case .created(let open, _) = try await store.submitRequest(Fixtures.newRequest(at: Self.eve)) else { throw FixtureError("not created") }
        let good = Evaluation.Ratings(overall: .satisfied, efficiency: .verySatisfied, attitude: .basicallySatisfied)
        // Not before the request is closed.
        #expect(try await store.transitionRequest(Self.step(open.request.id, .rate(good, comment: nil), at: Self.eve, by: .firm))
            == .refused(.invalidTransition(from: .assigned, action: .evaluate), current: .assigned))
        #expect(try await store.evaluation(ofRequest: open.request.id) == nil)

        let id = try await completed(store)
        let later = Self.eve.addingTimeInterval(86_400)
        // Only the firm rates.
        #expect(try await store.transitionRequest(Self.step(id, .rate(good, comment: nil), at: later, by: .station("alpha")))
            == .refused(.notPermitted(action: .evaluate), current: .completed))
        guard case .changed = try await store.transitionRequest(Self.step(id, .rate(good, comment: "报告清楚"), at: later, by: .firm)) else {
            Issue.record("not rated")
            return
        }
        let stored = try #require(try await store.evaluation(ofRequest: id))
        #expect(stored.ratings == good && stored.comment == "报告清楚" && stored.evaluatedAt == later)
        #expect(stored.station == "alpha" && stored.caseworker?.id == "wang-fang")
        #expect(stored.followUp == nil && !stored.isBadReview)
        #expect(try await store.requestHistory(id: id)?.evaluation == stored)
        let entry = try #require(try await store.timeline(ofRequest: id).last)
        #expect(entry.action == .evaluate && entry.isVisible(to: .firm) && entry.from == .completed && entry.to == .completed)
        #expect(entry.note?.contains("整体满意度 满意") == true)
        // Final once sent.
        let bad = Evaluation.Ratings(overall: .veryDissatisfied)
        #expect(try await store.transitionRequest(Self.step(id, .rate(bad, comment: nil), at: later, by: .firm))
            == .refused(.evaluationRefused(.alreadyEvaluated), current: .completed))
        #expect(try await store.evaluation(ofRequest: id) == stored)

        // 30 days after closing, and not a moment later.
        let another = try await completed(store)
        let closes = Self.eve.addingTimeInterval(30 * 86_400)
        #expect(try await store.transitionRequest(Self.step(another, .rate(good, comment: nil), at: closes.addingTimeInterval(1), by: .firm))
            == .refused(.evaluationRefused(.windowClosed(closes)), current: .completed))
        #expect(try await store.evaluation(ofRequest: another) == nil)
        guard case .changed = try await store.transitionRequest(Self.step(another, .rate(good, comment: nil), at: closes, by: .firm)) else {
            Issue.record("not rated on the last moment of its window")
            return
        }
    }

    @Test(arguments: StoreKind.allCases)
    func aBadReviewIsAnnouncedFollowedUpAndCalledBack(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let alphaHook = try await store.createEndpoint(NewEndpoint(
            station: "alpha", url: "http://127.0.0.1:9/alpha", eventTypes: [], description: "站", secret: DeliveryStoreContractTests.secret,
            actor: "staff:test", at: Date()))
        let platformHook = try await store.createEndpoint(NewEndpoint(
            station: "beta", url: "http://127.0.0.1:9/platform", eventTypes: [], description: "平台", secret: DeliveryStoreContractTests.secret,
            actor: "staff:test", at: Date()))
        let id = try await completed(store)
        // Thursday 8 October 2026, the first working day after National Day; Saturday 10 October is worked.
        let rated = PromiseContractTests.time("2026-10-08T10:00:00+08:00")
        let bad = Evaluation.Ratings(overall: .dissatisfied, efficiency: .veryDissatisfied, proficiency: .satisfied, attitude: .dissatisfied)
        guard case .changed = try await store.transitionRequest(Self.step(id, .rate(bad, comment: "等了很久"), at: rated, by: .firm)) else {
            Issue.record("not rated")
            return
        }
        var evaluation = try #require(try await store.evaluation(ofRequest: id))
        #expect(evaluation.isBadReview)
        let followUp = try #require(evaluation.followUp)
        // 5 working days after Thursday 8 October: 9, 10 (worked), 12, 13, 14 October.
        #expect(WorkingCalendar.china.civilDay(of: followUp.dueAt) == CivilDay("2026-10-14"))
        func events(_ endpoint: WebhookEndpoint) async throws -> [WebhookEventType] {
            try await store.deliveries(DeliveryQuery(endpoint: endpoint.id, page: PageRequest(page: 1, perPage: 50))).items.map(\.eventType)
        }
        #expect(try await events(alphaHook).filter { $0 == .requestBadReview }.count == 1)
        #expect(try await events(platformHook).filter { $0 == .requestBadReview }.count == 1)

        // Answers, callbacks and appeals come from the station that served and from staff only.
        #expect(try await store.transitionRequest(Self.step(id, .answer("x"), at: rated, by: .station("beta")))
            == .refused(.notPermitted(action: .answerFollowUp), current: .completed))
        #expect(try await store.transitionRequest(Self.step(id, .callback(reached: true, note: "x"), at: rated, by: .station("alpha")))
            == .refused(.notPermitted(action: .recordCallback), current: .completed))

        // Not late on its last day; late the day after, escalated once.
        let date = TestDate(followUp.dueAt)
        let escalator = DeadlineEscalator(store: store, clock: ContinuousClock(), now: { date.now }, acknowledgement: AcknowledgementPolicy(),
                                          logger: Logger(label: "test"))
        #expect(try await escalator.escalateFollowUps() == 0)
        date.advance(by: 1)
        #expect(try await store.followUpsPastDeadline(at: date.now, limit: 10) == [id])
        #expect(try await escalator.escalateFollowUps() == 1)
        #expect(try await escalator.escalateFollowUps() == 0)
        #expect(try await store.followUpsPastDeadline(at: date.now, limit: 10).isEmpty)
        #expect(try await events(platformHook).filter { $0 == .requestFollowUpEscalated }.count == 1)
        #expect(try await events(alphaHook).filter { $0 == .requestFollowUpEscalated }.isEmpty)
        #expect(try await store.evaluation(ofRequest: id)?.followUp?.escalatedAt == date.now)

        // The station answers late; the firm sees its answer.
        guard case .changed = try await store.transitionRequest(Self.step(id, .answer("已约谈服务专员，缩短出具报告时间"), at: date.now, by: .station("alpha")))
        else {
            Issue.record("not answered")
            return
        }
        #expect(try await store.transitionRequest(Self.step(id, .answer("again"), at: date.now, by: .station("alpha")))
            == .refused(.evaluationRefused(.alreadyAnswered), current: .completed))
        evaluation = try #require(try await store.evaluation(ofRequest: id))
        #expect(evaluation.followUp?.answer == "已约谈服务专员，缩短出具报告时间")
        #expect(evaluation.followUp?.answeredBy == "station:alpha")
        #expect(evaluation.followUp?.answeredOnTime == false)
        let answer = try #require(try await store.timeline(ofRequest: id).last)
        #expect(answer.action == .answerFollowUp && answer.isVisible(to: .firm))

        // Staff call the firm back: not reached, then reached; once reached it is done.
        guard case .changed = try await store.transitionRequest(Self.step(id, .callback(reached: false, note: "电话无人接听"), at: date.now, by: .staff)),
            case .changed = try await store.transitionRequest(Self.step(id, .callback(reached: true, note: "企业认可整改"), at: date.now, by: .staff))
        else {
            Issue.record("no callback")
            return
        }
        #expect(try await store.transitionRequest(Self.step(id, .callback(reached: true, note: "again"), at: date.now, by: .staff))
            == .refused(.evaluationRefused(.alreadyReached), current: .completed))
        evaluation = try #require(try await store.evaluation(ofRequest: id))
        #expect(evaluation.followUp?.callback == Evaluation.Callback(reached: true, note: "企业认可整改", at: date.now, by: "staff:test"))
        #expect(evaluation.followUp?.isClosed == true)
        let callback = try #require(try await store.timeline(ofRequest: id).last)
        #expect(callback.action == .recordCallback && !callback.isVisible(to: .firm) && callback.isVisible(to: .staff))
        // The ratings and the comment never change.
        #expect(evaluation.ratings == bad && evaluation.comment == "等了很久")
    }

    @Test(arguments: StoreKind.allCases)
    func anAppealSetAsideKeepsTheReviewAndClosesItsFollowUp(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let id = try await completed(store)
        let rated = PromiseContractTests.time("2026-10-08T10:00:00+08:00")
        #expect(try await store.transitionRequest(Self.step(id, .appeal(reason: "x"), at: rated, by: .station("alpha")))
            == .refused(.evaluationRefused(.notEvaluated), current: .completed))
        guard case .changed = try await store.transitionRequest(Self.step(id, .rate(.init(overall: .veryDissatisfied), comment: "广告"), at: rated, by: .firm))
        else {
            Issue.record("not rated")
            return
        }
        #expect(try await store.transitionRequest(Self.step(id, .review(.setAside, reason: "x"), at: rated, by: .staff))
            == .refused(.evaluationRefused(.notAppealed), current: .completed))
        guard case .changed = try await store.transitionRequest(Self.step(id, .appeal(reason: "评价内容与服务无关，系广告"), at: rated, by: .station("alpha")))
        else {
            Issue.record("not appealed")
            return
        }
        #expect(try await store.transitionRequest(Self.step(id, .appeal(reason: "again"), at: rated, by: .station("alpha")))
            == .refused(.evaluationRefused(.alreadyAppealed), current: .completed))
        guard case .changed = try await store.transitionRequest(Self.step(id, .review(.setAside, reason: "核实为恶意评价"), at: rated, by: .staff)) else {
            Issue.record("not reviewed")
            return
        }
        #expect(try await store.transitionRequest(Self.step(id, .review(.upheld, reason: "again"), at: rated, by: .staff))
            == .refused(.evaluationRefused(.notBadReview), current: .completed))
        let evaluation = try #require(try await store.evaluation(ofRequest: id))
        #expect(evaluation.appeal?.decision == .setAside && evaluation.appeal?.decisionReason == "核实为恶意评价")
        #expect(evaluation.appeal?.decidedBy == "staff:test" && evaluation.appeal?.by == "station:alpha")
        #expect(!evaluation.counts && !evaluation.isBadReview && evaluation.ratings.overall == .veryDissatisfied)
        // A review set aside is not followed up, nor escalated.
        #expect(try await store.followUpsPastDeadline(at: rated.addingTimeInterval(60 * 86_400), limit: 10).isEmpty)
        #expect(try await store.transitionRequest(Self.step(id, .answer("x"), at: rated, by: .station("alpha")))
            == .refused(.evaluationRefused(.notBadReview), current: .completed))
        let entries = try await store.timeline(ofRequest: id).suffix(2)
        #expect(entries.map(\.action) == [.appeal, .reviewAppeal] && entries.allSatisfy { !$0.isVisible(to: .firm) })
        // The appeal and its review are in the audit trail, with who and why.
        let audit = try await store.auditEntries(AuditQuery(entity: .request, entityID: id)).items.sorted { $0.id < $1.id }
        #expect(audit.map(\.action) == [.update, .update] && audit.map(\.actor) == ["station:alpha", "staff:test"])
        #expect(audit.first?.changes == [FieldChange(field: "evaluation.appeal.reason", old: nil, new: #""评价内容与服务无关，系广告""#)])
        #expect(audit.last?.changes.map(\.field) == ["evaluation.appeal.decision", "evaluation.appeal.decision_reason"])
        #expect(audit.last?.changes.first?.new == #""set_aside""#)
    }

    @Test(arguments: StoreKind.allCases)
    func theFiguresReadTheEvaluationsFromEitherStore(kind: StoreKind) async throws {
        let store = try await kind.make(with: PromiseContractTests.catalog())
        let good = try await completed(store)
        let bad = try await completed(store)
        _ = try await completed(store)
        let rated = PromiseContractTests.time("2026-10-08T10:00:00+08:00")
        guard case .changed = try await store.transitionRequest(Self.step(good, .rate(.init(overall: .satisfied, attitude: .verySatisfied), comment: nil),
                                                                         at: rated, by: .firm)),
            case .changed = try await store.transitionRequest(Self.step(bad, .rate(.init(overall: .dissatisfied), comment: nil), at: rated, by: .firm)),
            case .changed = try await store.transitionRequest(Self.step(bad, .answer("已整改"), at: rated.addingTimeInterval(3600), by: .station("alpha")))
        else {
            Issue.record("not rated")
            return
        }
        let statistics = try await store.requestStatistics(StatisticsQuery(), now: rated.addingTimeInterval(86_400))
        let figures = statistics.assessment.total.evaluation
        #expect(figures.evaluable == 3 && figures.evaluated == 2 && figures.satisfied == 1 && figures.satisfactionRate == 0.5)
        #expect(figures.badReviews == 1 && figures.followedUp == 1 && figures.followUpsDue == 1 && figures.followUpsOnTime == 1)
        #expect(figures.count(.attitude, .verySatisfied) == 1 && figures.count(.overall, .dissatisfied) == 1)
        #expect(statistics.assessment.byStation.first { $0.key == "alpha" }?.figures.evaluation == figures)
        // The work ledger's lines carry it too.
        let ledger = try await store.ledgerPage(LedgerQuery(from: Self.eve.addingTimeInterval(-86_400), to: rated), after: nil, limit: 10)
        #expect(ledger.first { $0.id == good }?.evaluation?.ratings == .init(overall: .satisfied, attitude: .verySatisfied))
        #expect(ledger.first { $0.id == bad }?.evaluation?.followUp(at: rated) == "已按时反馈")
        #expect(ledger.filter { $0.evaluation == nil }.count == 1)
        let own = try await store.requestStatistics(StatisticsQuery(caseworker: "wang-fang"), now: rated.addingTimeInterval(86_400))
        #expect(own.assessment.byCaseworker.first?.figures.evaluation == figures)
        // Set aside on appeal: out of the figures, counted apart.
        guard case .changed = try await store.transitionRequest(Self.step(bad, .appeal(reason: "误评"), at: rated, by: .station("alpha"))),
            case .changed = try await store.transitionRequest(Self.step(bad, .review(.setAside, reason: "核实误评"), at: rated, by: .staff))
        else {
            Issue.record("not set aside")
            return
        }
        let after = try await store.requestStatistics(StatisticsQuery(), now: rated.addingTimeInterval(86_400)).assessment.total.evaluation
        #expect(after.setAside == 1 && after.evaluated == 1 && after.badReviews == 0 && after.satisfactionRate == 1)
    }
}
