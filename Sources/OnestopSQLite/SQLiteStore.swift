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
    /// Where the API is reached from outside, for the links in webhook bodies.
    let webhookBaseURL: String

    /// Opens (creating when needed) the database file at `path` and brings its schema up to date.
    ///
    /// Changes made through this store are seen by its next search; changes made by other processes
    /// (an import from the command line) within `staleness`.
    /// `publicURL` is where stations reach this server's API, for the links to act in webhook bodies.
    /// A new file is created readable by its owner only, and SQLite gives its WAL the same mode.
    public init(
        path: String, staleness: Duration = .milliseconds(100), publicURL: String = "http://127.0.0.1:8080",
        synchronous: SQLiteSynchronous = .full
    ) throws {
        try SQLiteFile.prepare(path)
        let pool = try DatabasePool(path: path, configuration: Self.makeConfiguration())
        // Only the writing connection commits; GRDB sets it NORMAL when it turns WAL on.
        try pool.writeWithoutTransaction { try $0.execute(sql: synchronous.pragma) }
        try self.init(pool, staleness: staleness, publicURL: publicURL)
    }

    /// A private in-memory database, for tests and dry runs.
    public static func inMemory(publicURL: String = "http://127.0.0.1:8080") throws -> SQLiteStore {
        try SQLiteStore(DatabaseQueue(configuration: makeConfiguration()), staleness: .zero, publicURL: publicURL)
    }

    init(_ writer: any DatabaseWriter, staleness: Duration, publicURL: String) throws {
        self.writer = writer
        self.webhookBaseURL = publicURL
        self.version = CatalogVersionWatch(staleness: staleness)
        try SQLiteMigrations.migrator.migrate(writer)
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
