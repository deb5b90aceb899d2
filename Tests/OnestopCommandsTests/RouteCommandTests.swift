import Foundation
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct RouteCommandTests {
    @Test func explainPrintsTheRankingAndWritesNothing() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let runner = CommandRunner()
        #expect(try runner.run("catalog", "import", Fixtures.shippedCatalogURL.path, "--database", database).status == 0)
        let result = try runner.run("route", "explain", "--category", "testing.agricultural", "--region", "341525", "--industry", "茶叶", "--database", database)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.lines.first == "→ huoshan as HS-TEA-001")
        #expect(result.lines.dropFirst().first?.contains("与企业同一地区") == true)
        let fallback = try runner.run("route", "explain", "--service", "JZ-JL-001", "--region", "341524", "--mode", "online", "--database", database)
        #expect(fallback.lines.first?.hasPrefix("→ luan-platform") == true)
        #expect(fallback.stdout.contains("✗ jinzhai (JZ-JL-001)"))
        #expect(try runner.run("route", "explain", "--region", "341524", "--database", database).status != 0)
        #expect(try await SQLiteStore(path: database).serviceRequests(RequestQuery()).total == 0)
    }
}

@Suite struct StatsCommandTests {
    @Test func printsTheLedger() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let runner = CommandRunner()
        #expect(try runner.run("catalog", "import", Fixtures.shippedCatalogURL.path, "--database", database).status == 0)
        let empty = try runner.run("stats", "--database", database)
        #expect(empty.status == 0)
        #expect(empty.lines.first == "requests: 0")
        #expect(empty.stdout.contains("time to accept:   0 accepted, median -, p90 -"))
        #expect(try runner.run("stats", "--from", "yesterday", "--database", database).status != 0)
    }

    @Test func printsTheAssessmentAsATableAndAsTheAPIsJSON() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        var catalog = Fixtures.smallCatalogWithPlatform()
        catalog.stations[0].caseworkers = [Caseworker(id: "wang-fang", name: "王芳", phone: "0564-5136081")]
        catalog.calendar = [Fixtures.calendar2026()]
        let store = try SQLiteStore(path: database)
        try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        let received = ISO8601DateFormatter().date(from: "2026-11-02T09:00:00+08:00")!
        guard case .created(let stored, _) = try await store.submitRequest(Fixtures.newRequest(at: received)) else {
            Issue.record("not created")
            return
        }
        let accept = RequestChange(requestID: stored.request.id, action: .accept, actor: .station("alpha"), actorName: "station:alpha",
                                   at: received.addingTimeInterval(6 * 3600), acknowledgement: AcknowledgementPolicy(), caseworker: "wang-fang")
        guard case .changed = try await store.transitionRequest(accept) else {
            Issue.record("not accepted")
            return
        }
        let runner = CommandRunner()
        let table = try runner.run("stats", "--from", "2026-11-01", "--to", "2026-12-01", "--database", database)
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.lines
        let assessment = try #require(lines.firstIndex { $0.hasPrefix("assessment") })
        let header = try #require(lines[assessment...].firstIndex { $0.hasPrefix("by station:") })
        #expect(lines[header + 1].contains("received  accepted       on time  days to accept  completed"))
        // Six hours of a working day, accepted by the deadline; aligned although the name is Chinese.
        let alpha = try #require(lines.first { $0.hasPrefix("  alpha 甲站") })
        #expect(alpha.contains("100.0% (1/1)"))
        #expect(alpha.contains("0.25"))
        func columns(_ line: String) -> Int { line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        #expect(columns(alpha) == columns(lines[header + 1]))
        #expect(lines.contains { $0.hasPrefix("  wang-fang 王芳 @alpha") })

        let json = try runner.run("stats", "--json", "--caseworker", "wang-fang", "--database", database)
        #expect(json.status == 0)
        let decoded = try JSONDecoder().decode(RequestStatistics.self, from: Data(json.stdout.utf8))
        #expect(decoded.total == 1)
        #expect(decoded.assessment.byCaseworker.first?.figures.medianWorkingDaysToAccept == 0.25)
        #expect(try runner.run("stats", "--station", "nowhere", "--database", database).status != 0)
        #expect(try runner.run("stats", "--from", "2026-12-01", "--to", "2026-11-01", "--database", database).status != 0)
    }
}
