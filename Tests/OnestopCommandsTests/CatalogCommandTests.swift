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
}
