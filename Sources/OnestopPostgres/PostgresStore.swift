import Foundation
import Logging
import OnestopDomain
import OnestopStore
import PostgresNIO

/// The store for deployments that outgrow one machine: several onestop instances on one PostgreSQL
/// database, through postgres-nio. It keeps the same rules as the SQLite store (both pass the same
/// contract tests); what differs is how instances share the work:
/// - submissions and reroutes lock every station's load row while they route, so that routing sees every
///   other instance's load, and request numbers stay dense;
/// - a request's actions lock its row (`FOR UPDATE`): of two actors at once, one wins;
/// - delivery claims skip rows another instance holds (`FOR UPDATE SKIP LOCKED`);
/// - periodic work runs where the lease is held (`periodic_lease`).
public struct PostgresStore: Sendable {
    let pool: PostgresPool
    let searchIndex = SearchIndexCache()
    let routingCatalog = RoutingCatalogCache()
    let version: CatalogVersionWatch
    let doorbell = DeliveryDoorbell()
    let noticeBell = DeliveryDoorbell()
    let webhookBaseURL: String
    /// Seals endpoints' URLs and secrets in the database.
    let dataKey: DataKey

    /// Connects to the database at `location` and brings its schema up to date (under a lock, so that
    /// instances starting together migrate once).
    /// Changes made by other instances are seen by this one's search within `staleness`.
    /// `dataKey` seals endpoints' URLs and secrets; without one, the key in ``defaultDataKeyPath`` (created when
    /// missing). Every instance needs the same key. What an older onestop stored in plain text is sealed now.
    public init(location: PostgresLocation, staleness: Duration = .milliseconds(100), publicURL: String = "http://127.0.0.1:8080",
                maximumConnections: Int = 20, dataKey: DataKey? = nil) async throws {
        let key = try dataKey ?? DataKey.load(Self.defaultDataKeyPath)
        pool = PostgresPool(configuration: location.configuration(maximumConnections: maximumConnections))
        version = CatalogVersionWatch(staleness: staleness)
        webhookBaseURL = publicURL
        self.dataKey = key
        _ = try await Self.connecting(to: location) { [pool] in
            try await Self.migrate(pool)
            try await Self.sealPlainSecrets(pool, key: key)
        }
    }

    /// Where the data key is kept unless told otherwise.
    public static let defaultDataKeyPath = "./var/onestop.datakey"

    static func sealPlainSecrets(_ pool: PostgresPool, key: DataKey) async throws {
        // Every start reads the endpoints; only when one is still plain are they locked and rewritten.
        let anyPlain = try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM webhook_endpoint t", as: EndpointRecord.self).contains(where: \.hasPlainSecrets)
        }
        guard anyPlain else { return }
        try await pool.transaction { connection in
            let plain = try await connection.records("SELECT row_to_json(t)::text FROM webhook_endpoint t ORDER BY id FOR UPDATE", as: EndpointRecord.self)
                .filter(\.hasPlainSecrets)
            try await writeEndpoints(plain, connection, key: key)
        }
    }

    /// Runs the first work on a new pool, failing with the server's name when no connection comes within
    /// `limit` (postgres-nio would otherwise keep trying).
    static func connecting<T: Sendable>(to location: PostgresLocation, within limit: Duration = .seconds(15),
                                        _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw PostgresStoreError.unreachable(location, within: limit)
            }
            return value
        }
    }

    /// Brings the schema up to date; returns the names of the migrations applied now.
    @discardableResult
    public static func migrate(location: PostgresLocation) async throws -> [String] {
        let pool = PostgresPool(configuration: location.configuration(maximumConnections: 2))
        return try await connecting(to: location) { try await migrate(pool) }
    }

    static func migrate(_ pool: PostgresPool) async throws -> [String] {
        try await pool.transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(PostgresPool.migrationLock))")
            try await connection.run("""
                CREATE TABLE IF NOT EXISTS onestop_migration (name text PRIMARY KEY, applied_at bigint NOT NULL)
                """)
            let applied = Set(try await connection.all("SELECT name FROM onestop_migration", as: String.self))
            var now: [String] = []
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                // One statement at a time: the extended protocol takes no more.
                for statement in migration.sql.components(separatedBy: ";\n") where statement.contains(where: \.isLetter) {
                    try await connection.run(PostgresQuery(unsafeSQL: statement))
                }
                try await connection.run(
                    "INSERT INTO onestop_migration (name, applied_at) VALUES (\(migration.name), \(Milliseconds.from(Date())))")
                now.append(migration.name)
            }
            return now
        }
    }

    /// The migrations this build knows, oldest first.
    public static var migrationNames: [String] { PostgresMigrations.all.map(\.name) }
}
