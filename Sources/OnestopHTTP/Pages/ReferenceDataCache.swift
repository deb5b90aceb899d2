import OnestopDomain
import OnestopStorage
import Synchronization

/// Regions and categories as of a catalog version, so that a page reads them once per catalog change.
final class ReferenceDataCache: Sendable {
    struct Data: Sendable {
        var regions: [Region]
        var categories: [Category]
    }

    private let state = Mutex<(version: Int64, data: Data)?>(nil)

    func data(from store: some CatalogStore) async throws -> Data {
        let version = try await store.catalogVersion()
        if let cached = state.withLock({ $0 }), cached.version == version { return cached.data }
        let data = Data(regions: try await store.regions(), categories: try await store.categories())
        state.withLock { $0 = (version, data) }
        return data
    }
}
