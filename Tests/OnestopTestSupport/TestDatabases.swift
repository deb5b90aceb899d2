import Foundation
import OnestopPostgres
import OnestopStore
import PostgresNIO

/// Databases of their own on the PostgreSQL server Tools/test starts, one per test, so that tests running at once never meet.
public enum TestDatabases {
    /// The server Tools/test started.
    public static func server() throws -> PostgresLocation {
        guard let url = ProcessInfo.processInfo.environment["ONESTOP_TEST_POSTGRES_URL"] else { throw ServerMissing() }
        return try PostgresLocation(url: url)
    }

    struct ServerMissing: Error, CustomStringConvertible {
        var description: String { "ONESTOP_TEST_POSTGRES_URL is not set: run the tests with Tools/test, which starts a PostgreSQL server for them" }
    }

    /// A new, empty database.
    public static func fresh() async throws -> PostgresLocation {
        let server = try server()
        let name = "onestop_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute(on: server, "CREATE DATABASE \(name)")
        var location = server
        location.database = name
        return location
    }

    /// Runs one statement on the database at `location`, outside any store.
    public static func execute(on location: PostgresLocation, _ statement: String) async throws {
        let client = PostgresClient(configuration: location.configuration(maximumConnections: 1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: statement))
        }
    }
}
