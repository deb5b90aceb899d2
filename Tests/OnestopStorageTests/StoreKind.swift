import Foundation
import OnestopDomain
import OnestopStorage
import OnestopTestSupport

/// Every store implementation the contract tests run against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteInMemory
    case sqliteFile

    var testDescription: String { rawValue }

    func make() throws -> any OnestopStore {
        switch self {
        case .sqliteInMemory:
            return try SQLiteStore.inMemory()
        case .sqliteFile:
            return try SQLiteStore(path: try Fixtures.temporaryDirectory().appendingPathComponent("onestop.sqlite").path)
        }
    }

    func make(with catalog: Catalog) async throws -> any OnestopStore {
        let store = try make()
        try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        return store
    }
}

import Testing
