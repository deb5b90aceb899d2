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
    let webhookBaseURL: String

    /// Connects to the database at `location` and brings its schema up to date (under a lock, so that
    /// instances starting together migrate once).
    /// Changes made by other instances are seen by this one's search within `staleness`.
    public init(location: PostgresLocation, staleness: Duration = .milliseconds(100), publicURL: String = "http://127.0.0.1:8080",
                maximumConnections: Int = 20) async throws {
        pool = PostgresPool(configuration: location.configuration(maximumConnections: maximumConnections))
        version = CatalogVersionWatch(staleness: staleness)
        webhookBaseURL = publicURL
        _ = try await Self.connecting(to: location) { [pool] in try await Self.migrate(pool) }
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

/// A postgres-nio client and the task that runs it; the task ends (and the connections close) when the
/// last store holding the pool is gone.
final class PostgresPool: Sendable {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    static let logger = Logger(label: "onestop.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
    static let migrationLock: Int64 = 0x6F6E_6573_746F_7001

    init(configuration: PostgresClient.Configuration) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.logger)
        self.client = client
        runner = Task { await client.run() }
    }

    deinit {
        runner.cancel()
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws, and its own
    /// error rethrown as it was. A deadlock or serialization failure (which PostgreSQL resolves by failing
    /// one of the transactions) runs it again, up to three times in all.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await PostgresStoreError.translating { try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: Self.logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: Self.logger)
                        return value
                    } catch {
                        await Self.rollBack(connection)
                        throw error
                    }
                } }
            } catch let error as PostgresStoreError where error.isRetryable && attempt < 3 {
                attempt += 1
            }
        }
    }

    /// Runs `body` in a transaction that is always rolled back.
    func rolledBack<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresStoreError.translating { try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: Self.logger)
            do {
                let value = try await body(connection)
                await Self.rollBack(connection)
                return value
            } catch {
                await Self.rollBack(connection)
                throw error
            }
        } }
    }

    /// Ends the connection's transaction before it goes back to the pool, even when the task was cancelled
    /// (a cancelled query would leave it "idle in transaction" for the next user). If even that fails, the
    /// connection is closed rather than reused.
    static func rollBack(_ connection: PostgresConnection) async {
        let rolledBack = await Task.detached {
            (try? await connection.query("ROLLBACK", logger: logger)) != nil
        }.value
        if !rolledBack {
            try? await connection.close()
        }
    }

    /// Runs `body` on one connection, outside a transaction (each statement commits alone), for reads.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await PostgresStoreError.translating { try await client.withConnection { connection in try await body(connection) } }
    }
}

extension PostgresConnection {
    /// Runs a statement and drains its rows.
    func run(_ query: PostgresQuery) async throws {
        let rows = try await self.query(query, logger: PostgresPool.logger)
        for try await _ in rows {}
    }

    /// Every row's single column.
    func all<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in try await self.query(query, logger: PostgresPool.logger).decode(T.self) {
            values.append(value)
        }
        return values
    }

    func first<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        try await all(query, as: type).first
    }

    /// Rows read as records: the query must select one `json` column (`row_to_json(t)`), which is decoded
    /// into the same `Codable` records the SQLite store keeps.
    func records<R: Decodable>(_ query: PostgresQuery, as type: R.Type) async throws -> [R] {
        let decoder = JSONDecoder()
        var records: [R] = []
        for try await text in try await self.query(query, logger: PostgresPool.logger).decode(String.self) {
            records.append(try decoder.decode(R.self, from: Data(text.utf8)))
        }
        return records
    }
}

/// Records as a JSON array, for `json_populate_recordset`: a table's rows written in one statement.
enum RecordJSON {
    static func array<R: Encodable>(_ records: [R]) throws -> String {
        String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
    }
}
