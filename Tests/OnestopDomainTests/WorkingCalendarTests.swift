import Foundation
import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct WorkingCalendarTests {
    let calendar = WorkingCalendar.china.with([Fixtures.calendar2026()])

    func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func civilDaysParseFormatAndKnowTheirWeekday() {
        #expect(CivilDay("2026-10-01")?.weekday == .thu)
        #expect(CivilDay("1970-01-01")?.number == 0)
        #expect(CivilDay("2028-02-29")?.description == "2028-02-29")
        #expect(CivilDay("2026-09-20")?.isWeekend == true)
        for text in ["2026-02-29", "2026-13-01", "2026-1-01", "2026-01-01x", "２０２６-01-01", "", "2026/01/01"] {
            #expect(CivilDay(text) == nil, "\(text)")
        }
        for number in stride(from: -719_000, to: 2_900_000, by: 997) {
            let day = CivilDay(number: number)
            #expect(CivilDay(day.description) == day)
        }
        #expect(DaySpan("2026-10-01/2026-10-07")?.days.count == 7)
        #expect(DaySpan("2026-10-07/2026-10-01")?.days == [])
        #expect(DaySpan("2026-10-01/") == nil)
    }

    @Test func aTimeIsReadWholeOrNotAtAll() {
        let china = WorkingCalendar.china
        #expect(china.time("2026-11-01T08:00:00Z") == ISO8601DateFormatter().date(from: "2026-11-01T08:00:00Z"))
        #expect(china.time("2026-11-01T08:00:00+08:00") == ISO8601DateFormatter().date(from: "2026-11-01T00:00:00Z"))
        #expect(china.time("2026-11-01") == china.start(of: CivilDay("2026-11-01")!))
        // schemathesis found a trailing character accepted: Foundation's parser reads the valid prefix.
        for wrong in ["1910-09-01T17:05:39Z*", "2026-11-01T08:00:00+08:00x", "2026-11-01T08:00:00", "2026-11-01x", "２０２６-11-01T08:00:00Z", ""] {
            #expect(china.time(wrong) == nil, "\(wrong)")
        }
    }

    @Test func deadlinesSkipTheHolidaysAndCountTheMakeUpDays() {
        // The reference examples: received Wednesday 30 September at 16:00.
        let received = time("2026-09-30T16:00:00+08:00")
        #expect(calendar.adding(workingDays: 1, to: received) == time("2026-10-08T16:00:00+08:00"))
        #expect(calendar.adding(workingDays: 3, to: received) == time("2026-10-10T16:00:00+08:00"))
        // Sunday 20 September is worked.
        #expect(calendar.adding(workingDays: 2, to: time("2026-09-18T10:00:00+08:00")) == time("2026-09-21T10:00:00+08:00"))
        // Received on a day off: counted from the next working day.
        #expect(calendar.adding(workingDays: 1, to: time("2026-10-03T09:00:00+08:00")) == time("2026-10-08T09:00:00+08:00"))
        #expect(calendar.isWorkingDay(CivilDay("2026-02-14")!))
        #expect(calendar.isWorkingDay(CivilDay("2026-02-28")!))
        for day in 16...23 { #expect(!calendar.isWorkingDay(CivilDay(year: 2026, month: 2, day: day)!)) }
        // Monday to Friday without the notice: what onestop did before.
        #expect(WorkingCalendar.china.adding(workingDays: 1, to: received) == time("2026-10-01T16:00:00+08:00"))
    }

    @Test func aYearWithoutANoticeIsCountedMondayToFridayAndSaysSo() {
        let count = calendar.counting(workingDays: 2, after: time("2026-12-31T10:00:00+08:00"))
        #expect(count.value == time("2027-01-04T10:00:00+08:00"))
        #expect(count.uncoveredYears == [2027])
        #expect(calendar.counting(workingDays: 2, after: time("2026-09-30T10:00:00+08:00")).uncoveredYears.isEmpty)
        #expect(calendar.firstUncovered(from: CivilDay("2026-11-15")!, within: 60) == CivilDay("2027-01-01"))
        #expect(calendar.firstUncovered(from: CivilDay("2026-06-01")!, within: 60) == nil)
    }

    @Test func workingTimeBetweenTwoMomentsLeavesOutDaysOff() {
        let span = calendar.workingDays(from: time("2026-09-30T16:00:00+08:00"), to: time("2026-10-08T16:00:00+08:00"))
        #expect(abs(span.value - 1.0) < 1e-9)
        let sameDay = calendar.workingDays(from: time("2026-11-26T09:00:00+08:00"), to: time("2026-11-26T15:00:00+08:00"))
        #expect(abs(sameDay.value - 0.25) < 1e-9)
        #expect(calendar.workingDays(from: time("2026-10-02T09:00:00+08:00"), to: time("2026-10-05T09:00:00+08:00")).value == 0)
        #expect(calendar.workingDays(from: time("2026-10-08T09:00:00+08:00"), to: time("2026-10-02T09:00:00+08:00")).value == 0)
    }

    @Test func theValidatorNamesEachWrongDay() {
        var year = Fixtures.calendar2026()
        #expect(CatalogValidator().validate(calendarYear: year).isEmpty)
        year.holidays.append(.init(name: "重复", daysOff: [DaySpan("2026-10-07/2026-10-08")!], workingDays: [CivilDay("2026-10-12")!]))
        year.holidays.append(.init(name: "跨年", daysOff: [DaySpan("2027-01-01")!, DaySpan("2026-05-05/2026-05-01")!]))
        let issues = CatalogValidator().validate(calendarYear: year)
        let fields = Set(issues.map(\.field))
        #expect(fields == ["holidays[2].days_off[0]", "holidays[2].working_days[0]", "holidays[3].days_off[0]", "holidays[3].days_off[1]"])
        #expect(issues.contains { $0.messageEn.contains("2026-10-07 is listed twice") })
        #expect(issues.contains { $0.messageEn.contains("2026-10-12 is a mon, not a Saturday or Sunday") })
        #expect(issues.contains { $0.messageEn.contains("belongs in 2027.yaml") })
        #expect(issues.contains { $0.messageEn.contains("ends before it starts") })
        var catalog = Catalog(calendar: [Fixtures.calendar2026(), Fixtures.calendar2026()])
        #expect(CatalogValidator().validate(catalog).contains { $0.field == "year" && $0.messageEn.contains("duplicate calendar year 2026") })
        catalog.calendar[1].notice = " "
        #expect(CatalogValidator().validate(calendarYear: catalog.calendar[1]).map(\.field) == ["notice"])
    }
}
