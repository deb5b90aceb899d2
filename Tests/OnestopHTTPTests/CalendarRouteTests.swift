import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct CalendarRouteTests {
    func store() async throws -> (SQLiteStore, staff: String, station: String) {
        let store = try SQLiteStore.inMemory()
        var catalog = Fixtures.smallCatalog()
        catalog.calendar = [Fixtures.calendar2026()]
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let (_, station) = try await store.createKey(role: .station, name: "alpha desk", station: "alpha", actor: "test")
        return (store, staff, station)
    }

    static var year2027: [String: Any] { [
        "year": 2027, "notice": "国务院办公厅关于2027年部分节假日安排的通知（测试）",
        "holidays": [["name": "元旦", "days_off": ["2027-01-01/2027-01-03"], "working_days": ["2027-01-09"]]],
    ] }

    @Test func anyoneReadsAYearWithEveryDaySpelledOut() async throws {
        let (store, _, _) = try await store()
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/calendar?year=2026", method: .get) { response in
                #expect(response.status == .ok)
                let year = try json(response)
                #expect(year["covered"] as? Bool == true)
                #expect(year["notice"] as? String == "国务院办公厅关于2026年部分节假日安排的通知")
                #expect(year["published"] as? String == "2025-11-04")
                #expect((year["days_off"] as? [String])?.count == 16)
                #expect(year["working_days"] as? [String] == ["2026-02-14", "2026-02-28", "2026-09-20", "2026-10-10"])
                let holidays = try #require(year["holidays"] as? [[String: Any]])
                #expect(holidays.last?["days_off"] as? [String] == ["2026-10-01/2026-10-07"])
            }
            try await client.execute(uri: "/api/v1/calendar?year=2027", method: .get) { response in
                #expect(response.status == .ok)
                let year = try json(response)
                #expect(year["covered"] as? Bool == false)
                #expect((year["counting"] as? String)?.contains("Monday to Friday") == true)
            }
            for bad in ["abc", "1999", "20260"] {
                try await client.execute(uri: "/api/v1/calendar?year=\(bad)", method: .get) { response in
                    let problem = try expectProblem(response, .badRequest, "invalid_parameter")
                    #expect((problem["detail"] as? String)?.contains("year") == true)
                }
            }
            try await client.execute(uri: "/api/v1/calendar?month=1", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func staffAddAYearAndItIsAuditedAndCounted() async throws {
        let (store, staff, station) = try await store()
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/calendar/2027", method: .put, headers: bearer(station), body: try body(Self.year2027)) { response in
                try expectProblem(response, .forbidden, "forbidden")
            }
            try await client.execute(uri: "/api/v1/calendar/2027", method: .put, headers: bearer(staff), body: try body(Self.year2027)) { response in
                #expect(response.status == .ok)
                let year = try json(response)
                #expect(year["covered"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/audit?entity=calendar", method: .get, headers: bearer(staff)) { response in
                let entries = try items(response)
                _ = entries
                #expect(entries.map { $0["entity_id"] as? String } == ["2027", "2026"])
                #expect(entries.first?["actor"] as? String != "test")
            }
        }
        let calendar = try await store.workingCalendar()
        #expect(calendar.isWorkingDay(CivilDay("2027-01-09")!))
        #expect(!calendar.isWorkingDay(CivilDay("2027-01-01")!))
    }

    @Test func aWrongYearIsRefusedNamingTheFieldAndNothingChanges() async throws {
        let (store, staff, _) = try await store()
        var wrong = Self.year2027
        wrong["holidays"] = [["name": "元旦", "days_off": ["2027-01-01"], "working_days": ["2027-01-04"]]]
        var unknown = Self.year2027
        unknown["holidays"] = [["name": "元旦", "days_off": ["2027-01-01"], "colour": "red"]]
        var malformed = Self.year2027
        malformed["holidays"] = [["name": "元旦", "days_off": ["2027-01-32"]]]
        let cases: [(String, ByteBuffer, String)] = [
            ("2027", try body(wrong), "holidays[0].working_days[0]"), ("2027", try body(unknown), "holidays[0].colour"),
            ("2027", try body(malformed), "holidays[0].days_off[0]"), ("2028", try body(Self.year2027), "year"),
        ]
        let valid = try body(Self.year2027)
        try await withRouter(store) { client in
            for (path, payload, field) in cases {
                try await client.execute(uri: "/api/v1/calendar/\(path)", method: .put, headers: bearer(staff), body: payload) { response in
                    let problem = try expectProblem(response, response.status == .unprocessableContent ? .unprocessableContent : .badRequest,
                                                    "validation_failed")
                    let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
                    #expect(fields.contains(field), "\(fields)")
                }
            }
            try await client.execute(uri: "/api/v1/calendar/27", method: .put, headers: bearer(staff), body: valid) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(try await store.calendarYears().map(\.year) == [2026])
    }
}
