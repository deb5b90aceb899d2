import Foundation
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct KeysCommandTests {
    @Test func theTokenIsPrintedOnceAloneOnTheLastLineAndStoredHashed() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let database = folder.appendingPathComponent("onestop.sqlite").path
        var runner = CommandRunner()
        runner.environment["ONESTOP_DATABASE"] = database
        let created = try runner.run("keys", "create", "--role", "staff", "--name", "ops-alice")
        #expect(created.status == 0, "\(created.stderr)")
        let token = try #require(created.lines.last)
        #expect(token.hasPrefix("ost_") && !token.contains(" "))
        let store = try SQLiteStore(path: database)
        let key = try #require(try await store.authenticate(token: token))
        #expect(key.role == .staff && key.name == "ops-alice")

        let list = try runner.run("keys", "list")
        #expect(list.stdout.contains(key.id))
        #expect(list.stdout.contains(key.prefix))
        #expect(!list.stdout.contains(token))

        let revoked = try runner.run("keys", "revoke", key.id)
        #expect(revoked.status == 0)
        #expect(try await store.authenticate(token: token) == nil)
        #expect(try runner.run("keys", "revoke", "key_nope").status != 0)
    }

    @Test func stationKeysNeedAKnownStation() throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let runner = CommandRunner()
        let missing = try runner.run("keys", "create", "--role", "station", "--name", "desk", "--database", database)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--station"))
        let unknown = try runner.run("keys", "create", "--role", "station", "--station", "nowhere", "--name", "desk", "--database", database)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("nowhere"))
        let badRole = try runner.run("keys", "create", "--role", "admin", "--name", "x", "--database", database)
        #expect(badRole.status != 0)
    }
}
