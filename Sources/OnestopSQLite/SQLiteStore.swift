import Foundation
import GRDB
import OnestopDomain
import OnestopStore

/// The embedded store: one SQLite file in WAL mode, through GRDB.
public struct SQLiteStore: Sendable {
    let writer: any DatabaseWriter
    let searchIndex = SearchIndexCache()
    let routingCatalog = RoutingCatalogCache()
    let version: CatalogVersionWatch
    let doorbell = DeliveryDoorbell()
    let noticeBell = DeliveryDoorbell()
    /// Where the API is reached from outside, for the links in webhook bodies.
    let webhookBaseURL: String
    /// Seals endpoints' URLs and secrets in the file.
    let dataKey: DataKey

    /// Opens (creating when needed) the database file at `path` and brings its schema up to date.
    ///
    /// Changes made through this store are seen by its next search; changes made by other processes
    /// (an import from the command line) within `staleness`.
    /// `publicURL` is where stations reach this server's API, for the links to act in webhook bodies.
    /// A new file is created readable by its owner only, and SQLite gives its WAL the same mode.
    /// `dataKey` seals endpoints' URLs and secrets; without one, the key in `onestop.datakey` beside the file
    /// (created when missing). What an older onestop stored in plain text is sealed now.
    public init(
        path: String, staleness: Duration = .milliseconds(100), publicURL: String = "http://127.0.0.1:8080",
        synchronous: SQLiteSynchronous = .full, dataKey: DataKey? = nil
    ) throws {
        try SQLiteFile.prepare(path)
        let key = try dataKey ?? DataKey.load(Self.defaultDataKeyPath(forDatabase: path))
        let pool = try DatabasePool(path: path, configuration: Self.makeConfiguration())
        // Only the writing connection commits; GRDB sets it NORMAL when it turns WAL on.
        try pool.writeWithoutTransaction { try $0.execute(sql: synchronous.pragma) }
        try self.init(pool, staleness: staleness, publicURL: publicURL, dataKey: key)
    }

    /// Where the data key of the database at `path` is kept unless told otherwise: beside it.
    public static func defaultDataKeyPath(forDatabase path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("onestop.datakey").path
    }

    /// A private in-memory database, for tests and dry runs.
    public static func inMemory(publicURL: String = "http://127.0.0.1:8080") throws -> SQLiteStore {
        try SQLiteStore(DatabaseQueue(configuration: makeConfiguration()), staleness: .zero, publicURL: publicURL, dataKey: .random())
    }

    init(_ writer: any DatabaseWriter, staleness: Duration, publicURL: String, dataKey: DataKey) throws {
        self.writer = writer
        self.webhookBaseURL = publicURL
        self.version = CatalogVersionWatch(staleness: staleness)
        self.dataKey = dataKey
        try SQLiteMigrations.migrator.migrate(writer)
        try Self.sealPlainSecrets(writer, key: dataKey)
    }

    /// Seals what an older onestop stored in plain text, overwriting the old bytes (`secure_delete`) and
    /// emptying the WAL they passed through.
    static func sealPlainSecrets(_ writer: any DatabaseWriter, key: DataKey) throws {
        let plain = try writer.read { db in try EndpointRecord.fetchAll(db).filter(\.hasPlainSecrets) }
        guard !plain.isEmpty else { return }
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
            try db.inTransaction {
                for record in plain { try record.sealed(with: key).update(db) }
                return .commit
            }
            try db.execute(sql: "PRAGMA secure_delete = OFF")
            if writer is DatabasePool { try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        return configuration
    }

    static func write(_ db: Database, audit entity: AuditEntry.Entity, id: String, action: AuditEntry.Action, changes: [FieldChange], actor: String, at: Date) throws {
        var record = AuditRecord(entity, id, action, changes: changes, actor: actor, at: at)
        try record.insert(db)
    }
}
