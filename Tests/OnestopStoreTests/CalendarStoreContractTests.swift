import Foundation
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct CalendarStoreContractTests {
    func time(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func catalogWithCalendar() -> Catalog {
        var catalog = Fixtures.smallCatalogWithPlatform()
        catalog.calendar = [Fixtures.calendar2026()]
        return catalog
    }

    @Test(arguments: StoreKind.allCases)
    func theStoredCalendarIsCatalogAndAudited(kind: StoreKind) async throws {
        let store = try await kind.make(with: catalogWithCalendar())
        #expect(try await store.calendarYears() == [Fixtures.calendar2026()])
        #expect(try await store.catalog().calendar == [Fixtures.calendar2026()])
        #expect(try await store.workingCalendar().isWorkingDay(CivilDay("2026-09-20")!))
        var changed = Fixtures.calendar2026()
        changed.holidays.removeLast()
        let summary = try await store.apply(CatalogChanges(calendar: [changed]), actor: "staff:test", dryRun: false)
        #expect(summary.changed.map(\.id) == ["2026"])
        #expect(try await store.calendarYears() == [changed])
        #expect(try await !store.workingCalendar().isWorkingDay(CivilDay("2026-09-20")!))
        let audit = try await store.auditEntries(AuditQuery(entity: .calendar, page: PageRequest(page: 1, perPage: 10)))
        #expect(audit.items.map(\.action) == [.update, .create])
        // Applying the same again changes nothing.
        #expect(try await store.apply(CatalogChanges(calendar: [changed]), actor: "staff:test", dryRun: false).changed.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func deadlinesAreCountedOnTheStoredCalendar(kind: StoreKind) async throws {
        let store = try await kind.make(with: catalogWithCalendar())
        guard case .created(let before, _) = try await store.submitRequest(Fixtures.newRequest(at: time("2026-09-30T16:00:00+08:00"))) else {
            Issue.record("not created")
            return
        }
        // One working day from the eve of National Day is the first day after it, not 1 October.
        #expect(before.request.acknowledgeBy == time("2026-10-08T16:00:00+08:00"))
        guard case .created(let sunday, _) = try await store.submitRequest(Fixtures.newRequest(at: time("2026-09-18T10:00:00+08:00"))) else {
            Issue.record("not created")
            return
        }
        #expect(sunday.request.acknowledgeBy == time("2026-09-20T10:00:00+08:00"))
        // A decline's re-route counts from the decline, on the same calendar.
        let decline = RequestChange(requestID: before.request.id, action: .decline, actor: .station("alpha"), actorName: "station:alpha",
                                    note: "无法承接", at: time("2026-09-30T17:00:00+08:00"), acknowledgement: AcknowledgementPolicy())
        guard case .changed(let declined) = try await store.transitionRequest(decline) else {
            Issue.record("not declined")
            return
        }
        #expect(declined.request.station == "beta")
        #expect(declined.request.acknowledgeBy == time("2026-10-08T17:00:00+08:00"))
        // Changing the calendar leaves the deadlines already set as they were promised.
        try await store.apply(CatalogChanges(calendar: [CalendarYear(year: 2026, notice: "无", holidays: [])]), actor: "staff:test", dryRun: false)
        #expect(try await store.serviceRequest(id: before.request.id)?.request.acknowledgeBy == time("2026-10-08T17:00:00+08:00"))
        #expect(try await store.serviceRequest(id: sunday.request.id)?.request.acknowledgeBy == time("2026-09-20T10:00:00+08:00"))
    }

    @Test(arguments: StoreKind.allCases)
    func aYearWithoutANoticeRaisesOneStaffAlert(kind: StoreKind) async throws {
        let store = try await kind.make(with: catalogWithCalendar())
        for _ in 0..<3 {
            guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(at: time("2026-12-31T10:00:00+08:00"))) else {
                Issue.record("not created")
                return
            }
            // Friday 1 January 2027 counts as a working day: Monday to Friday, as nothing says otherwise.
            #expect(stored.request.acknowledgeBy == time("2027-01-01T10:00:00+08:00"))
        }
        _ = try await store.submitRequest(Fixtures.newRequest(at: time("2026-11-26T10:00:00+08:00")))
        let alerts = try await store.alerts(page: PageRequest(page: 1, perPage: 20)).items.filter { $0.kind == .calendarMissing }
        #expect(alerts.count == 1)
        #expect(alerts.first?.message.contains("2027") == true)
    }
}
