import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopTestSupport
import Testing

@Suite struct CalendarFileTests {
    func load(calendar files: [String: String]) throws -> CatalogDirectory.LoadResult {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("calendar"), withIntermediateDirectories: true)
        for (path, text) in files {
            try Data(text.utf8).write(to: folder.appendingPathComponent("calendar/\(path)"))
        }
        return CatalogDirectory(url: folder).load()
    }

    @Test func theShippedCalendarHas2026AsTheStateCouncilPublishedIt() throws {
        let catalog = try Fixtures.shippedCatalog()
        let year = try #require(catalog.calendar.first { $0.year == 2026 })
        #expect(year.notice.contains("2026年部分节假日安排"))
        #expect(year.daysOff.count == 3 + 9 + 3 + 5 + 3 + 3 + 7)
        #expect(Set(year.workingDays.map(\.description)) == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
        let calendar = WorkingCalendar.china.with(catalog.calendar)
        #expect(!calendar.isWorkingDay(CivilDay("2026-01-02")!))
        #expect(calendar.isWorkingDay(CivilDay("2026-01-04")!))
        #expect(!calendar.isWorkingDay(CivilDay("2026-05-05")!))
        #expect(calendar.isWorkingDay(CivilDay("2026-05-06")!))
    }

    @Test func wrongDaysAreNamedByFileAndLine() throws {
        let result = try load(calendar: ["2027.yaml": """
            year: 2027
            notice: 测试通知
            published: 2026-13-01
            holidays:
              - name: 元旦
                days_off: ["2027-01-01", "2027-01-0x"]
                working_days: ["2027-01-05"]
              - name: 重复
                days_off: ["2026-12-31/2027-01-01"]
                colour: red
            """])
        let problems = result.problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("calendar/2027.yaml:3: ") && $0.contains("malformed day \"2026-13-01\"") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("calendar/2027.yaml:6: ") && $0.contains("malformed day \"2027-01-0x\"") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("calendar/2027.yaml:7: ") && $0.contains("2027-01-05 is a tue, not a Saturday or Sunday") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("calendar/2027.yaml:9: ") && $0.contains("2027-01-01 is listed twice") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("calendar/2027.yaml:9: ") && $0.contains("2026-12-31 is not in 2027") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("calendar/2027.yaml:10: ") && $0.contains("unknown field \"colour\"") }, "\(problems)")
        #expect(problems.count == 6, "\(problems)")
    }

    @Test func aFileNamedForAnotherYearOrTwiceIsRefused() throws {
        let text = "year: 2027\nnotice: 测试通知\nholidays:\n  - name: 元旦\n    days_off: [\"2027-01-01\"]\n"
        let problems = try load(calendar: ["2027.yaml": text, "2028.yaml": text]).problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("calendar/2028.yaml:1: ") && $0.contains("duplicate calendar year 2027") }, "\(problems)")
    }

    @Test func aFeeSaysWhetherItIsFreeAndWhoCharges() throws {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        let file = folder.appendingPathComponent("stations/alpha.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "fee: {free: false, description: 20 元, charged_by: 样例计量所}", with: "fee: {description: 20 元}")
        text = text.replacingOccurrences(of: "fee: {free: false, description: 100 元, charged_by: 样例检测所}", with: "fee: 100 元")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let problems = CatalogDirectory(url: folder).load().problems.map(\.description)
        #expect(problems.contains { $0.contains("fee is missing \"free\"") && $0.hasPrefix("stations/alpha.yaml:") }, "\(problems)")
        #expect(problems.contains { $0.contains("must say whether it is free") }, "\(problems)")
        #expect(problems.contains { $0.contains("must name who charges") }, "\(problems)")
    }

    @Test func exportWritesTheCalendarBackAsItWasRead() throws {
        var catalog = Fixtures.smallCatalog()
        catalog.calendar = [Fixtures.calendar2026()]
        catalog.calendar[0].holidays[1].notice = "某县人民政府关于茶文化节放假的通知"
        let folder = try Fixtures.temporaryDirectory()
        let written = try CatalogWriter().write(catalog, to: folder)
        #expect(written.contains("calendar/2026.yaml"))
        let result = CatalogDirectory(url: folder).load()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.catalog.calendar == catalog.calendar)
        // A year no longer in the catalog leaves the folder.
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("calendar/2026.yaml").path))
    }
}

@Suite struct CaseworkerFileTests {
    @Test func caseworkersAreCheckedWithTheirLines() throws {
        let folder = try Fixtures.temporaryDirectory()
        var catalog = Fixtures.smallCatalog()
        catalog.stations[0].caseworkers = [Caseworker(id: "wang-fang", name: "王芳", phone: "0564-5136081", isActive: false)]
        try CatalogWriter().write(catalog, to: folder)
        #expect(CatalogDirectory(url: folder).load().catalog.stations[0].caseworkers == catalog.stations[0].caseworkers)
        let file = folder.appendingPathComponent("stations/alpha.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "caseworkers:\n", with: "caseworkers:\n- {id: Wang, name: 王, phone: \"12345\"}\n- {id: wang-fang, name: 王芳, phone: \"0564-5136082\"}\n")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let problems = CatalogDirectory(url: folder).load().problems.map(\.description)
        #expect(problems.contains { $0.contains("caseworkers[0].id") && $0.contains("lowercase letters") }, "\(problems)")
        #expect(problems.contains { $0.contains("caseworkers[0].phone") && $0.contains("not a valid phone number: 12345") }, "\(problems)")
        #expect(problems.contains { $0.contains("duplicate caseworker id wang-fang") }, "\(problems)")
        #expect(problems.allSatisfy { $0.hasPrefix("stations/alpha.yaml:") }, "\(problems)")
    }
}
