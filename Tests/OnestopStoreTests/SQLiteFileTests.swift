import Foundation
import GRDB
@testable import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// How the embedded database sits on the disk: who may read it, and how far a commit goes before it is answered.
@Suite struct SQLiteFileTests {
    @Test func aNewDatabaseAndItsWALAreReadableByTheOwnerOnly() async throws {
        let directory = try Fixtures.temporaryDirectory().appendingPathComponent("var/onestop")
        let path = directory.appendingPathComponent("onestop.sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        for file in [path, path + "-wal", path + "-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(file): \(String(mode ?? 0, radix: 8))")
        }
        let folder = try FileManager.default.attributesOfItem(atPath: directory.path)[.posixPermissions] as? Int
        #expect(folder == 0o700)
    }

    @Test func anExistingFileKeepsItsMode() async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]))
        _ = try SQLiteStore(path: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
    }

    /// SQLite's own answer on the writing connection: 2 is FULL, 1 is NORMAL.
    @Test(arguments: [(SQLiteSynchronous?.none, 2), (.full, 2), (.normal, 1)])
    func commitsAreDurableUnlessToldOtherwise(mode: SQLiteSynchronous?, expected: Int) async throws {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path
        let store = try mode.map { try SQLiteStore(path: path, synchronous: $0) } ?? SQLiteStore(path: path)
        let written = try await store.writer.write { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
        #expect(written == expected)
        #expect(try await store.writer.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }
}
