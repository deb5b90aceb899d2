import Foundation
import GRDB
import OnestopStore

/// What `onestop backup` made.
public struct SQLiteBackup: Sendable {
    public var path: String
    public var bytes: Int
    public var requests: Int
    public var duration: Duration
}

extension SQLiteStore {
    /// Copies the database at `source` to a new file at `destination` with SQLite's online backup API, in one
    /// step inside one read transaction: a consistent copy as of the moment it began, taken while the server
    /// keeps writing (in WAL mode a reader does not hold writers up). The copy is written beside the destination,
    /// checked, synced and then renamed into place, readable by its owner only; an existing file is never replaced.
    public static func backup(from source: String, to destination: String) throws -> SQLiteBackup {
        let started = ContinuousClock.now
        guard FileManager.default.fileExists(atPath: source) else { throw SQLiteMaintenanceError("no database at \(source)") }
        guard !FileManager.default.fileExists(atPath: destination) else {
            throw SQLiteMaintenanceError("\(destination) exists already; give a new file (a backup never replaces one)")
        }
        let partial = destination + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try SQLiteFile.prepare(partial)
        do {
            let from = try DatabaseQueue(path: source, configuration: makeConfiguration())
            let to = try DatabaseQueue(path: partial, configuration: makeConfiguration())
            try from.backup(to: to)
            let (integrity, requests) = try to.read { db in
                (try String.fetchAll(db, sql: "PRAGMA quick_check"), try Int.fetchOne(db, sql: "SELECT count(*) FROM service_request") ?? 0)
            }
            guard integrity == ["ok"] else { throw SQLiteMaintenanceError("the copy failed its check: \(integrity.prefix(3).joined(separator: "; "))") }
            try to.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try from.close()
            try to.close()
            try SQLiteFile.sync(partial)
            try FileManager.default.moveItem(atPath: partial, toPath: destination)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            let bytes = (try FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int) ?? 0
            return SQLiteBackup(path: destination, bytes: bytes, requests: requests, duration: ContinuousClock.now - started)
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: partial + suffix) }
            throw error
        }
    }

    /// Verifies the database at `path` without changing it: SQLite's integrity check, its foreign keys, a count
    /// of every table, and the schema's migrations.
    public static func check(path: String) throws -> DatabaseCheck {
        guard FileManager.default.fileExists(atPath: path) else { throw SQLiteMaintenanceError("no database at \(path)") }
        var configuration = makeConfiguration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check(20)")
            if integrity != ["ok"] { problems += integrity.map { "integrity: \($0)" } }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").prefix(20) {
                let table: String = row["table"] ?? "?"
                let parent: String = row["parent"] ?? "?"
                let rowid: Int64? = row["rowid"]
                problems.append("foreign key: \(table) row \(rowid.map(String.init) ?? "?") refers to a missing \(parent)")
            }
            var tables: [DatabaseCheck.Table] = []
            let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for name in names {
                do {
                    tables.append(.init(name: name, rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM \(name.quotedDatabaseIdentifier)") ?? 0))
                } catch {
                    problems.append("table \(name) cannot be read: \(error)")
                }
            }
            let applied = names.contains("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
            problems += DatabaseCheck.migrationProblems(known: SQLiteMigrations.migrator.migrations, applied: applied)
            return DatabaseCheck(tables: tables, problems: problems)
        }
    }
}

/// Why a backup or a check could not be made.
public struct SQLiteMaintenanceError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
