import Foundation
import OnestopDomain
import Synchronization

/// The routing catalog of the current catalog version.
package final class RoutingCatalogCache: Sendable {
    package init() {}

    private let state = Mutex<(version: Int64, catalog: RoutingCatalog)?>(nil)

    package func catalog(at version: Int64, build: () throws -> RoutingCatalog) throws -> RoutingCatalog {
        if let cached = cached(at: version) { return cached }
        let catalog = try build()
        remember(catalog, at: version)
        return catalog
    }

    package func cached(at version: Int64) -> RoutingCatalog? {
        state.withLock { current in current?.version == version ? current?.catalog : nil }
    }

    package func remember(_ catalog: RoutingCatalog, at version: Int64) {
        state.withLock { $0 = (version, catalog) }
    }
}
