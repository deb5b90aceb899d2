import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct ServeCommandTests {
    /// Starts `onestop serve` on a free port, waits until /healthz answers, and returns the process and URL.
    func startServer(database: String, extra: [String] = []) async throws -> (Process, URL) {
        var lastError = ""
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            var runner = CommandRunner()
            runner.environment["ONESTOP_PORT"] = String(port)
            runner.environment["ONESTOP_DATABASE"] = database
            runner.environment["ONESTOP_CATALOG"] = Fixtures.shippedCatalogURL.path
            runner.environment["ONESTOP_SECRET_FILE"] = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("secret").path
            let process = try runner.start(["serve"] + extra)
            let base = URL(string: "http://127.0.0.1:\(port)")!
            for _ in 0..<200 {
                if !process.isRunning { break }
                if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("healthz")),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    return (process, base)
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            process.terminate()
            process.waitUntilExit()
            lastError = String(decoding: (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        throw FixtureError("server did not start: \(lastError)")
    }

    /// A setting given badly, by flag or by environment, stops `serve` before it opens anything, naming both ways to give it.
    @Test(arguments: [
        (["ONESTOP_PORT": "eighty"], [String](), "--port (ONESTOP_PORT): must be a whole number, not eighty"),
        (["ONESTOP_PORT": "70000"], [], "--port (ONESTOP_PORT): must be from 0 to 65535, not 70000"),
        ([:], ["--max-connections", "0"], "--max-connections (ONESTOP_MAX_CONNECTIONS): must be from 1 to 1000000, not 0"),
        (["ONESTOP_WEBHOOK_TIMEOUT": "soon"], [], "--webhook-timeout (ONESTOP_WEBHOOK_TIMEOUT): must be a number, not soon"),
        (["ONESTOP_LOG_LEVEL": "loud"], [], "--log-level (ONESTOP_LOG_LEVEL): must be one of trace, debug, info"),
        (["ONESTOP_REQUEST_PREFIX": "la"], [], "--request-prefix (ONESTOP_REQUEST_PREFIX): must be 1 to 8 capital letters or digits, not la"),
        (["ONESTOP_SQLITE_SYNCHRONOUS": "off"], [], "--sqlite-synchronous (ONESTOP_SQLITE_SYNCHRONOUS): must be full or normal, not off"),
        (["ONESTOP_RETAIN_DELIVERIES": "90"], [], "--retain-deliveries (ONESTOP_RETAIN_DELIVERIES): must be an age like 90d, 12h, 30m or 45s, not 90"),
        ([:], ["--allow-private-endpoints", "10.0.0.0/40"], "--allow-private-endpoints (ONESTOP_ALLOW_PRIVATE_ENDPOINTS): the prefix length of 10.0.0.0/40"),
        ([:], ["--webhook-proxy", "proxy.internal:3128"], "--webhook-proxy (ONESTOP_WEBHOOK_PROXY): must be a proxy URL"),
    ])
    func aBadSettingIsRefusedNamingItsFlagAndVariable(environment: [String: String], arguments: [String], message: String) async throws {
        let directory = try Fixtures.temporaryDirectory()
        var runner = CommandRunner()
        runner.environment = environment
        let result = try await runner.runAside(["serve", "--database", directory.appendingPathComponent("onestop.sqlite").path,
                                                "--secret-file", directory.appendingPathComponent("secret").path] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("onestop.sqlite").path))
    }

    @Test func firstStartFillsTheDatabaseAndSigtermStopsGracefully() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("var/onestop.sqlite").path
        let (process, base) = try await startServer(database: database)
        let query = "计量".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (data, response) = try await URLSession.shared.data(from: URL(string: "\(base)/api/v1/services?q=\(query)")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        let page = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((page["total"] as? Int ?? 0) > 10)
        let (_, ready) = try await URLSession.shared.data(from: base.appendingPathComponent("readyz"))
        #expect((ready as? HTTPURLResponse)?.statusCode == 200)
        for file in [database, database + "-wal"] {
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600, "\(file)")
        }

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let log = String(decoding: (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("msg=request"))
        #expect(log.contains("request_id="))
        #expect(log.contains("path=/api/v1/services"))
        #expect(try await SQLiteStore(path: database).isCatalogEmpty() == false)
        let secret = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("secret").path
        let attributes = try FileManager.default.attributesOfItem(atPath: secret)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
    }

    @Test func bearerTokensNeverReachTheLog() async throws {
        let database = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let (process, base) = try await startServer(database: database, extra: ["--log-level", "trace"])
        let (_, token) = try await SQLiteStore(path: database).createKey(role: .staff, name: "ops", station: nil, actor: "test")
        var request = URLRequest(url: base.appendingPathComponent("api/v1/audit"))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: (process.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("path=/api/v1/audit"))
        #expect(!log.contains(token))
        #expect(!log.contains(String(token.dropFirst(4).prefix(16))))
    }
}
