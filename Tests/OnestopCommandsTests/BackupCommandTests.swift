import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Synchronization
import Testing

/// `onestop backup` and `onestop check`, as an operator runs them beside a server at work.
@Suite struct BackupCommandTests {
    /// Submits at about `perSecond` from 16 clients, each waiting for its answer before its next turn, until
    /// `stop` is set; each request answered 201 is recorded.
    func load(_ base: URL, perSecond: Int, until stop: Flag, answered: Answered) async {
        let clients = 16
        let interval = Duration.microseconds(Int64(clients) * 1_000_000 / Int64(perSecond))
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    var next = ContinuousClock.now + interval * Double(client) / Double(clients)
                    while !stop.isSet {
                        try? await Task.sleep(until: next)
                        if let id = try? await WebhookCommandTests().submit(base) { answered.add(id) }
                        next = max(next + interval, .now)
                    }
                }
            }
        }
    }

    @Test func aBackupTakenUnderLoadServesOnItsOwnAndHoldsEveryEarlierRequest() async throws {
        let database = try WebhookCommandTests().database()
        let folder = URL(fileURLWithPath: database).deletingLastPathComponent()
        let backup = folder.appendingPathComponent("backups/onestop-1.sqlite").path
        let (server, base) = try await ServeCommandTests().startServer(database: database, extra: ["--submissions-per-minute", "0"])
        defer { if server.isRunning { server.terminate() } }
        let answered = Answered()
        let stop = Flag()
        let traffic = Task { await load(base, perSecond: 200, until: stop, answered: answered) }
        let deadline = ContinuousClock.now + .seconds(60)
        while answered.ids.count < 200 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if answered.ids.count < 200 {
            stop.set()
            await traffic.value
            Issue.record("the server answered only \(answered.ids.count) submissions in a minute")
            return
        }

        // Everything answered 201 before the backup starts must be in it.
        let before = Set(answered.ids)
        let started = ContinuousClock.now
        let result = try await CommandRunner().runAside("backup", backup, "--database", database)
        let took = ContinuousClock.now - started
        let duringBackup = answered.ids.count - before.count
        try await Task.sleep(for: .milliseconds(300))
        stop.set()
        await traffic.value
        print("backup under load: \(before.count) requests answered before it began, \(duringBackup) while the command ran (\(took)); \(result.stdout)")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("backed up"), "\(result.stdout)")
        #expect(duringBackup > 0 || answered.ids.count > before.count, "the server went on answering during the backup")
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)
        #expect(!FileManager.default.fileExists(atPath: backup + ".partial"))

        let again = try await CommandRunner().runAside("backup", backup, "--database", database)
        #expect(again.status != 0)
        #expect(again.stderr.contains("exists already"))

        let check = try await CommandRunner().runAside("check", "--database", backup)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("sound"))
        #expect(check.stdout.contains("service_request\t"))

        // The backup on its own: a server starts on it, holds every request answered before the backup began,
        // and takes new ones.
        server.terminate()
        server.waitUntilExit()
        let copy = try SQLiteStore(path: backup)
        var missing: [String] = []
        for id in before where try await copy.serviceRequest(id: id) == nil { missing.append(id) }
        #expect(missing.isEmpty, "\(missing.count) requests answered before the backup are not in it: \(missing.prefix(5))")
        let (restored, restoredBase) = try await ServeCommandTests().startServer(database: backup, extra: ["--submissions-per-minute", "0"])
        let newID = try await WebhookCommandTests().submit(restoredBase)
        restored.terminate()
        restored.waitUntilExit()
        let added = try #require(newID)
        #expect(!before.contains(added))
        #expect(try await SQLiteStore(path: backup).serviceRequest(id: added) != nil)
    }

    @Test func pruneSaysWhatWent() async throws {
        let database = try WebhookCommandTests().database()
        let pruned = try await CommandRunner().runAside("prune", "--retain-failed", "30d", "--database", database)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("removed): 0 deliveries with 0 attempts"), "\(pruned.stdout)")
        let refused = try await CommandRunner().runAside("prune", "--retain-failed", "0d", "--database", database)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("must be an age like 90d"))
    }

    @Test func checkFindsADamagedDatabase() async throws {
        let database = try WebhookCommandTests().database()
        let sound = try await CommandRunner().runAside("check", "--database", database)
        #expect(sound.status == 0, "\(sound.stderr)")
        #expect(sound.stdout.contains("grdb_migrations\t"))

        // A timeline entry of a request that does not exist: what a foreign key forbids, written past it.
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", database, """
            PRAGMA foreign_keys = OFF;
            INSERT INTO request_event (request_id, at, actor, to_status, internal) VALUES ('OS-19990101-0001', 0, 'test', 'assigned', 0);
            """]
        sqlite.standardError = Pipe()
        try sqlite.run()
        sqlite.waitUntilExit()
        let damaged = try await CommandRunner().runAside("check", "--database", database)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("foreign key: request_event"), "\(damaged.stderr)")
        #expect(damaged.stderr.contains("not sound"))

        let absent = try await CommandRunner().runAside("check", "--database", database + ".nothing")
        #expect(absent.status != 0)
        #expect(absent.stderr.contains("no database at"))
        #expect(!FileManager.default.fileExists(atPath: database + ".nothing"))
    }
}

final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
