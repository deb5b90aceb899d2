import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnestopTestSupport
import Testing

/// `--database postgres://…`, `onestop migrate` and `onestop copy`, as an operator runs them, against the
/// PostgreSQL server Tools/test starts (ONESTOP_TEST_POSTGRES_URL).
@Suite struct DatabaseCommandTests {
    /// A new database on the test server, made with psql.
    static func freshDatabase() throws -> String {
        guard let server = ProcessInfo.processInfo.environment["ONESTOP_TEST_POSTGRES_URL"] else {
            throw FixtureError("ONESTOP_TEST_POSTGRES_URL is not set: run the tests with Tools/test, which starts a PostgreSQL server for them")
        }
        let name = "onestop_cli_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", server, "-qc", "CREATE DATABASE \(name)"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("psql could not create \(name)") }
        return String(server[..<server.lastIndex(of: "/")!]) + "/" + name
    }

    @Test func migrateAppliesOnceThenSaysTheSchemaIsUpToDate() async throws {
        let database = try Self.freshDatabase()
        let first = try await CommandRunner().runAside("migrate", "--database", database)
        #expect(first.status == 0)
        #expect(first.stdout.contains("applied): onestop-v1"))
        let second = try await CommandRunner().runAside("migrate", "--database", database)
        #expect(second.status == 0)
        #expect(second.stdout.contains("up to date"))
        let check = try await CommandRunner().runAside("check", "--database", database)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.contains("service_request\t0") && check.stdout.contains("sound"), "\(check.stdout)")
        let backup = try await CommandRunner().runAside("backup", "/var/backups/onestop.dump", "--database", database)
        #expect(backup.status == 0)
        #expect(backup.stdout.contains("pg_dump --format=custom --file='/var/backups/onestop.dump' 'postgres://"), "\(backup.stdout)")
    }

    @Test func aBadOrUnreachableDatabaseIsNamedWithoutItsPassword() async throws {
        let bad = try await CommandRunner().runAside("migrate", "--database", "postgres://127.0.0.1/onestop")
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("the user is missing"))
        let unreachable = try await CommandRunner().runAside("keys", "list", "--database", "postgres://onestop:s3cr3t-pw@127.0.0.1:1/onestop")
        #expect(unreachable.status != 0)
        #expect(!unreachable.stderr.isEmpty)
        #expect(!(unreachable.stdout + unreachable.stderr).contains("s3cr3t-pw"))
    }

    @Test func copyMovesAnEmbeddedDeploymentAndTheServerRunsOnIt() async throws {
        let directory = try Fixtures.temporaryDirectory()
        let sqlite = directory.appendingPathComponent("onestop.sqlite").path
        #expect(try await CommandRunner().runAside("catalog", "import", Fixtures.shippedCatalogURL.path, "--database", sqlite).status == 0)
        let created = try await CommandRunner().runAside("keys", "create", "--role", "staff", "--name", "运维", "--database", sqlite)
        #expect(created.status == 0)
        let token = try #require(created.lines.last)
        let database = try Self.freshDatabase()

        let copy = try await CommandRunner().runAside("copy", "--from", sqlite, "--to", database)
        #expect(copy.status == 0, "\(copy.stderr)")
        #expect(copy.stdout.contains("rows copied"))
        #expect(copy.stdout.contains("copied sealed: give every instance the data key \(directory.appendingPathComponent("onestop.datakey").path)"), "\(copy.stdout)")
        let serviceLine = try #require(copy.lines.first { $0.hasPrefix("service ") })
        #expect((Int(serviceLine.split(separator: " ").last ?? "") ?? 0) > 10)
        let again = try await CommandRunner().runAside("copy", "--from", sqlite, "--to", database)
        #expect(again.status != 0)
        #expect(again.stderr.contains("not empty"))

        // The server on the copy: the catalog is searchable and the key copied with it still works.
        let port = Int.random(in: 20_000...60_000)
        var runner = CommandRunner()
        runner.environment["ONESTOP_DATABASE_URL"] = database
        runner.environment["ONESTOP_PORT"] = String(port)
        runner.environment["ONESTOP_SECRET_FILE"] = directory.appendingPathComponent("secret").path
        runner.environment["ONESTOP_DATA_KEY_FILE"] = directory.appendingPathComponent("onestop.datakey").path
        let process = try runner.start(["serve"])
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let base = URL(string: "http://127.0.0.1:\(port)")!
        var ready = false
        for _ in 0..<200 where !ready {
            if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("readyz")),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                ready = true
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        #expect(ready)
        let query = "计量".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(base)/api/v1/services?q=\(query)")!)
        let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((page["total"] as? Int ?? 0) > 10)
        var request = URLRequest(url: base.appendingPathComponent("api/v1/requests"))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, listed) = try await URLSession.shared.data(for: request)
        #expect((listed as? HTTPURLResponse)?.statusCode == 200)
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let stopped = !process.isRunning
        if !stopped { kill(process.processIdentifier, SIGKILL) }
        let log = String(decoding: (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stopped, "the server did not stop within 20 s of SIGTERM: \(log.suffix(2000))")
        #expect(log.contains("database=\"postgres://onestop@"))
    }
}
