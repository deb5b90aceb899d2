import Foundation
import OnestopDomain
import OnestopStorage
import OnestopTestSupport
import PostgresNIO

/// Every store implementation the contract tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteInMemory
    case sqliteFile
    /// A new database of its own on the PostgreSQL server Tools/test starts.
    case postgres

    var testDescription: String { rawValue }

    func make() async throws -> any OnestopStore {
        switch self {
        case .sqliteInMemory:
            return try SQLiteStore.inMemory()
        case .sqliteFile:
            return try SQLiteStore(path: try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path)
        case .postgres:
            return try await PostgresStore(location: try TestDatabases.fresh(), staleness: .zero, maximumConnections: 4)
        }
    }

    func make(with catalog: Catalog) async throws -> any OnestopStore {
        let store = try await make()
        try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        return store
    }
}

/// Databases of their own on the test server, one per test, so that tests running at once never meet.
enum TestDatabases {
    /// A new, empty database.
    static func fresh() async throws -> PostgresLocation {
        let server = try PostgresServerTests.testServer()
        let name = "onestop_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute(on: server, "CREATE DATABASE \(name)")
        var location = server
        location.database = name
        return location
    }

    /// Runs one statement on the database at `location`, outside any store.
    static func execute(on location: PostgresLocation, _ statement: String) async throws {
        let client = PostgresClient(configuration: location.configuration(maximumConnections: 1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: statement))
        }
    }
}

import Testing
