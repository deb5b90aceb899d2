import Foundation
import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct AssessmentStatisticsTests {
    let calendar = WorkingCalendar.china.with([Fixtures.calendar2026()])
    let catalog = Fixtures.smallCatalog()

    func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func statistics(_ requests: [AssessmentFacts.Request], now: String = "2026-10-12T12:00:00+08:00") -> AssessmentStatistics {
        AssessmentStatistics(AssessmentFacts(requests: requests), stations: catalog.stations, regions: catalog.regions,
                             categories: catalog.categories, calendar: calendar, now: time(now))
    }

    func request(status: RequestStatus, station: String? = "alpha", received: String = "2026-09-30T15:00:00+08:00",
                 deadline: String? = "2026-10-08T15:00:00+08:00", accepted: String? = nil, completed: String? = nil,
                 promised: String? = nil, caseworker: String? = nil, declinedBy: [String] = [],
                 routings: [(String, String)]? = nil, escalations: [String] = []) -> AssessmentFacts.Request {
        AssessmentFacts.Request(
            status: status, station: station, region: "100001", category: "metrology.pressure", caseworker: caseworker, caseworkerName: caseworker.map { "名\($0)" },
            receivedAt: time(received), acknowledgeBy: deadline.map(time), acceptedAt: accepted.map(time),
            promisedOn: promised.flatMap(CivilDay.init), completedAt: completed.map(time), declinedBy: declinedBy,
            routings: (routings ?? station.map { [($0, received)] } ?? []).map { .init(station: $0.0, at: time($0.1)) },
            escalations: escalations.map(time))
    }

    @Test func nothingReceivedGivesZerosAndNoRates() {
        let empty = statistics([])
        #expect(empty.total == AssessmentFigures())
        #expect(empty.total.acceptedOnTimeRate == nil && empty.total.completedByPromiseRate == nil)
        #expect(empty.total.medianWorkingDaysToAccept == nil)
        #expect(empty.byStation.isEmpty && empty.byCounty.isEmpty && empty.byCategory.isEmpty && empty.byCaseworker.isEmpty)
    }

    @Test func acceptanceAfterTheDeadlineIsLateAndDaysSkipTheHoliday() {
        // Accepted on 8 October at 16:00, an hour after the deadline: 9 working hours on 30 September and 16 on 8 October.
        let figures = statistics([request(status: .accepted, accepted: "2026-10-08T16:00:00+08:00")]).total
        #expect(figures.accepted == 1 && figures.acceptanceDue == 1 && figures.acceptedOnTime == 0)
        #expect(figures.acceptedOnTimeRate == 0)
        #expect(figures.medianWorkingDaysToAccept == 1.04)
        // Without a deadline (a platform arranging a request nobody offers) an acceptance is never late.
        #expect(statistics([request(status: .accepted, deadline: nil, accepted: "2026-10-09T09:00:00+08:00")]).total.acceptedOnTime == 1)
    }

    @Test func aRequestWaitingCountsAsDueOnlyOnceItsDeadlineHasPassed() {
        let waiting = request(status: .assigned)
        #expect(statistics([waiting], now: "2026-10-08T14:59:00+08:00").total.acceptanceDue == 0)
        #expect(statistics([waiting], now: "2026-10-08T15:01:00+08:00").total.acceptanceDue == 1)
        // A request the firm withdrew before acceptance never came due.
        #expect(statistics([request(status: .cancelled)]).total.acceptanceDue == 0)
    }

    @Test func promisesAreKeptByTheCivilDayAndOverdueOnlyWhileOpen() {
        let onTheDay = request(status: .completed, accepted: "2026-09-30T16:00:00+08:00", completed: "2026-10-10T23:59:00+08:00", promised: "2026-10-10")
        let dayLate = request(status: .completed, accepted: "2026-09-30T16:00:00+08:00", completed: "2026-10-11T00:01:00+08:00", promised: "2026-10-10")
        let open = request(status: .inProgress, accepted: "2026-09-30T16:00:00+08:00", promised: "2026-10-09")
        let dueToday = request(status: .accepted, accepted: "2026-09-30T16:00:00+08:00", promised: "2026-10-12")
        let closed = request(status: .unserviceable, accepted: "2026-09-30T16:00:00+08:00", promised: "2026-10-09")
        let figures = statistics([onTheDay, dayLate, open, dueToday, closed]).total
        #expect(figures.completed == 2)
        #expect(figures.completedByPromise == 1)
        #expect(figures.promisesDue == 3)
        #expect(figures.completedByPromiseRate == 0.3333)
        #expect(figures.overdue == 1)
    }

    @Test func theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        let hours = [1, 2, 3, 7].map { "2026-11-02T\(String(format: "%02d", 9 + $0)):00:00+08:00" }
        let requests = hours.map { request(status: .accepted, received: "2026-11-02T09:00:00+08:00", deadline: nil, accepted: $0) }
        // 2.5 hours of 24.
        #expect(statistics(requests).total.medianWorkingDaysToAccept == 0.1)
    }

    @Test func anEscalationCountsAgainstTheStationItWasTakenFrom() {
        let escalated = request(status: .accepted, station: "beta", deadline: "2026-10-09T17:00:00+08:00", accepted: "2026-10-09T10:00:00+08:00",
                                routings: [("alpha", "2026-09-30T15:00:00+08:00"), ("beta", "2026-10-08T17:00:00+08:00")],
                                escalations: ["2026-10-08T17:00:00+08:00"])
        #expect(escalated.escalatedFrom == ["alpha"])
        #expect(escalated.assignedAt == time("2026-10-08T17:00:00+08:00"))
        let result = statistics([escalated])
        let alpha = result.byStation.first { $0.key == "alpha" }?.figures
        #expect(alpha == AssessmentFigures(received: 1, acceptanceDue: 1, escalated: 1))
        let beta = result.byStation.first { $0.key == "beta" }?.figures
        // The platform's hours run from the escalation: 7 on 8 October after 17:00, 10 on the 9th.
        #expect(beta == AssessmentFigures(received: 1, accepted: 1, acceptedOnTime: 1, acceptanceDue: 1, medianWorkingDaysToAccept: 0.71))
        #expect(result.total.acceptanceDue == 2 && result.total.acceptedOnTime == 1 && result.total.acceptedOnTimeRate == 0.5)
        // Both stations' counties received it once each; the category once.
        #expect(result.byCounty.map(\.figures.received) == [1, 1])
        #expect(result.byCategory.map(\.figures.received) == [1])
    }

    @Test func narrowingToAStationKeepsWhatWasRoutedToItAndToACaseworkerWhatTheyFollow() {
        let declined = request(status: .accepted, station: "beta", accepted: "2026-10-08T09:00:00+08:00", caseworker: "x", declinedBy: ["alpha"],
                               routings: [("alpha", "2026-09-30T15:00:00+08:00"), ("beta", "2026-09-30T16:00:00+08:00")])
        let own = request(status: .accepted, accepted: "2026-09-30T16:00:00+08:00", caseworker: "x")
        let facts = AssessmentFacts(requests: [declined, own])
        #expect(facts.narrowed(station: "alpha", caseworker: nil).requests == [declined, own])
        #expect(facts.narrowed(station: "beta", caseworker: nil).requests == [declined])
        #expect(facts.narrowed(station: nil, caseworker: "x").requests == [declined, own])
        #expect(facts.narrowed(station: "alpha", caseworker: "x").requests == [own])
        #expect(facts.narrowed(station: "gamma", caseworker: nil).requests.isEmpty)
    }

    @Test func theOverallCountsComeFromTheSameFacts() {
        let escalated = request(status: .assigned, station: "beta", deadline: "2026-10-13T17:00:00+08:00",
                                routings: [("alpha", "2026-09-30T15:00:00+08:00"), ("beta", "2026-10-08T17:00:00+08:00")],
                                escalations: ["2026-10-08T17:00:00+08:00"])
        let late = request(status: .assigned)
        let done = request(status: .completed, accepted: "2026-09-30T17:00:00+08:00", completed: "2026-10-01T15:00:00+08:00", declinedBy: ["beta"])
        let figures = RequestStatistics(AssessmentFacts(requests: [escalated, late, done]), from: nil, to: nil, stations: catalog.stations,
                                        regions: catalog.regions, categories: catalog.categories, calendar: calendar, now: time("2026-10-12T12:00:00+08:00"))
        #expect(figures.total == 3)
        #expect(figures.byStatus == ["assigned": 2, "completed": 1])
        #expect(figures.byStation == ["alpha": 2, "beta": 1])
        #expect(figures.byRegion == ["100001": 3])
        #expect(figures.timeToAccept.medianHours == 2)
        #expect(figures.timeToComplete.medianHours == 24)
        #expect(figures.escalations == 1)
        // The late one; the escalated one waits at the platform, where there is nowhere higher to go.
        #expect(figures.deadlineBreaches == 2)
        #expect(figures.declinesByStation == ["beta": 1])
    }

    @Test func rowsEncodeFlatWithEveryFigureAndExplicitNulls() throws {
        let result = statistics([request(status: .assigned, caseworker: nil, declinedBy: ["beta"])], now: "2026-10-01T00:00:00+08:00")
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as? [String: Any]
        let station = try #require((encoded?["by_station"] as? [[String: Any]])?.first { $0["key"] as? String == "alpha" })
        #expect(station["name"] as? String == "甲站")
        #expect(station["received"] as? Int == 1)
        #expect(station["accepted_on_time_rate"] is NSNull)
        #expect(station["median_working_days_to_accept"] is NSNull)
        #expect(Set(station.keys).isSuperset(of: ["acceptance_due", "completed_by_promise_rate", "promises_due", "overdue", "declined", "escalated"]))
        let beta = try #require((encoded?["by_station"] as? [[String: Any]])?.first { $0["key"] as? String == "beta" })
        #expect(beta["declined"] as? Int == 1)
        #expect(beta["received"] as? Int == 0)
        let decoded = try JSONDecoder().decode(AssessmentStatistics.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
    }
}
