import Foundation
import OnestopCatalogFiles
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct CatalogCommandTests {
    let runner = CommandRunner()

    @Test func validatingTheShippedCatalog() throws {
        let result = try runner.run("catalog", "validate", Fixtures.shippedCatalogURL.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("OK"))
        #expect(result.stdout.contains("9 stations"))
    }

    @Test func everyProblemIsPrintedAsFileLineMessage() throws {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        let file = folder.appendingPathComponent("stations/alpha.yaml")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "phone: 0564-5136080\n", with: "")
        text = text.replacingOccurrences(of: "category: metrology.pressure", with: "category: metrology.nope")
        text += "owner: nobody\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try runner.run("catalog", "validate", folder.path)
        #expect(result.status != 0)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(lines)")
        let pattern = try Regex(#"^.+/stations/alpha\.yaml:\d+: .+"#)
        #expect(lines.allSatisfy { $0.contains(pattern) }, "\(lines)")
        #expect(lines.contains { $0.contains("phone is missing") })
        #expect(lines.contains { $0.contains("unknown category metrology.nope") })
        #expect(lines.contains { $0.contains("unknown field \"owner\"") })
    }

    @Test func importIsIdempotentAndDryRunWritesNothing() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("db/onestop.sqlite").path
        let catalog = Fixtures.shippedCatalogURL.path
        let dryRun = try runner.run("catalog", "import", catalog, "--dry-run", "--database", database)
        #expect(dryRun.status == 0, "\(dryRun.stderr)")
        #expect(dryRun.lines.last?.hasPrefix("dry run:") == true)
        #expect(dryRun.stdout.contains("added: service JZ-TEA-001"))
        #expect(try await SQLiteStore(path: database).isCatalogEmpty())

        let first = try runner.run("catalog", "import", catalog, "--database", database)
        #expect(first.status == 0)
        let services = try Fixtures.shippedCatalog().services.count
        #expect(first.lines.last?.contains("added") == true)
        #expect(try await SQLiteStore(path: database).catalog().services.count == services)
        let second = try runner.run("catalog", "import", catalog, "--database", database)
        #expect(second.lines.last == "imported: 0 added, 0 changed, 0 retired")
    }

    @Test func aBadCatalogImportsNothing() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: database)
        try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalog()), actor: "test", dryRun: false)
        let before = try await store.catalog()
        let folder = try Fixtures.temporaryDirectory()
        var changed = Fixtures.smallCatalog()
        changed.services[0].name = "改过的名字"
        changed.stations[1].capacity = 0
        try CatalogWriter().write(changed, to: folder)
        let result = try runner.run("catalog", "import", folder.path, "--database", database)
        #expect(result.status != 0)
        #expect(result.stderr.contains("capacity"))
        #expect(result.stderr.contains("nothing imported"))
        #expect(try await store.catalog() == before)
    }

    @Test func exportRoundTrips() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let database = folder.appendingPathComponent("onestop.sqlite").path
        #expect(try runner.run("catalog", "import", Fixtures.shippedCatalogURL.path, "--database", database).status == 0)
        let exported = folder.appendingPathComponent("exported").path
        let export = try runner.run("catalog", "export", exported, "--database", database)
        #expect(export.status == 0, "\(export.stderr)")
        #expect(try runner.run("catalog", "validate", exported).status == 0)
        let reimport = try runner.run("catalog", "import", exported, "--database", database)
        #expect(reimport.lines.last == "imported: 0 added, 0 changed, 0 retired")
        #expect(CatalogDirectory(path: exported).load().catalog.canonical == (try Fixtures.shippedCatalog()).canonical)
    }

    /// The HSDS files hold what /hsds/ serves, under the same ids.
    @Test func exportAsHSDSWritesTheStandardsObjects() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let database = folder.appendingPathComponent("onestop.sqlite").path
        #expect(try runner.run("catalog", "import", Fixtures.shippedCatalogURL.path, "--database", database).status == 0)
        let exported = folder.appendingPathComponent("hsds")
        let export = try runner.run("catalog", "export", exported.path, "--format", "hsds", "--database", database)
        #expect(export.status == 0, "\(export.stderr)")
        func array(_ name: String) throws -> [[String: Any]] {
            let data = try Data(contentsOf: exported.appendingPathComponent(name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        }
        let services = try array("services.json")
        #expect(services.count == 90)
        let tea = try #require(services.first { $0["id"] as? String == HSDSIds.teaService })
        #expect(tea["name"] as? String == "六安瓜片茶叶农药残留检测" && (tea["service_at_locations"] as? [Any])?.count == 1)
        #expect(try array("organizations.json").contains { $0["id"] as? String == HSDSIds.jinzhai && ($0["services"] as? [Any])?.isEmpty == false })
        #expect(try array("taxonomy_terms.json").contains { $0["id"] as? String == HSDSIds.metrology })
        #expect(try array("service_at_locations.json").count == 90 && (try array("taxonomies.json")).count == 1)
        #expect(try runner.run("catalog", "export", exported.path, "--format", "yaml", "--database", database).status != 0)
    }
}

/// Ids of the shipped catalog as Python's `uuid.uuid5` makes them from onestop's namespace.
enum HSDSIds {
    static let teaService = "c9080900-dcf2-58d5-9b5c-4932cf389034"
    static let jinzhai = "ebe0b809-d20d-5d0c-a939-da746ee9679e"
    static let metrology = "42161ac8-ed22-5f81-a3df-bff94bd9f1df"
}

@Suite struct CalendarCommandTests {
    let runner = CommandRunner()

    @Test func aMonthIsPrintedWithItsWorkingDaysMarked() throws {
        let result = try runner.run("calendar", "2026-10", "--files", "--catalog", Fixtures.shippedCatalogURL.path)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "2026年10月")
        // Thursday 1 October to Sunday 4 October off; Saturday 10 October worked; Sunday 11 October a weekend.
        #expect(lines.contains { $0.hasSuffix(" 1休   2休   3休   4休") }, "\(lines)")
        #expect(lines.contains { $0.contains(" 5休   6休   7休   8工   9工  10班  11") }, "\(lines)")
        #expect(result.stdout.contains("工作日 18 天"))
        #expect(result.stdout.contains("国务院办公厅关于2026年部分节假日安排的通知"))
        let uncovered = try runner.run("calendar", "2031-01", "--files", "--catalog", Fixtures.shippedCatalogURL.path)
        #expect(uncovered.status == 0)
        #expect(uncovered.stdout.contains("counted Monday to Friday"))
        #expect(try runner.run("calendar", "2026-13").status != 0)
    }

    @Test func validateWarnsWhenTheNext60DaysAreNotCovered() throws {
        let late = try runner.run("catalog", "validate", Fixtures.shippedCatalogURL.path, "--today", "2026-11-15")
        #expect(late.status == 0)
        #expect(late.stderr.contains("calendar/2027.yaml: 警告"), "\(late.stderr)")
        #expect(late.stderr.contains("no 2027 from 2027-01-01"))
        let early = try runner.run("catalog", "validate", Fixtures.shippedCatalogURL.path, "--today", "2026-06-01")
        #expect(early.status == 0)
        #expect(early.stderr.isEmpty, "\(early.stderr)")
    }

    @Test func aWrongCalendarFileFailsValidationWithItsLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        try CatalogWriter().write(Fixtures.smallCatalog(), to: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("calendar"), withIntermediateDirectories: true)
        try "year: 2026\nnotice: 测试\nholidays:\n  - name: 国庆节\n    working_days: [\"2026-10-09\"]\n"
            .write(to: folder.appendingPathComponent("calendar/2026.yaml"), atomically: true, encoding: .utf8)
        let result = try runner.run("catalog", "validate", folder.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("calendar/2026.yaml:5: "), "\(result.stderr)")
        #expect(result.stderr.contains("2026-10-09 is a fri, not a Saturday or Sunday"))
    }
}
