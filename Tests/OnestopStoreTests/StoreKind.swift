import Foundation
import OnestopDomain
import OnestopPostgres
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import PostgresNIO

/// Every store implementation the contract tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteInMemory
    case sqliteFile
    /// A new database of its own on the PostgreSQL server Tools/test starts.
    case postgres

    var testDescription: String { rawValue }

    func make() async throws -> any Storage {
        switch self {
        case .sqliteInMemory:
            return try SQLiteStore.inMemory()
        case .sqliteFile:
            return try SQLiteStore(path: try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path)
        case .postgres:
            return try await PostgresStore(location: try TestDatabases.fresh(), staleness: .zero, maximumConnections: 4)
        }
    }

    func make(with catalog: Catalog) async throws -> any Storage {
        let store = try await make()
        try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        return store
    }
}

import Testing
