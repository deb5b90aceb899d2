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
}
