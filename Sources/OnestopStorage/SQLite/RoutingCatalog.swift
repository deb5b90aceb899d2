import GRDB
import OnestopDomain
import Synchronization

/// The catalog as routing reads it, decoded once per catalog version: every submission routes against
/// it inside the write transaction, where decoding every station and service each time cost more than
/// the writes themselves.
struct RoutingCatalog: Sendable {
    var stations: [Station]
    var categories: [Category]
    var regions: [Region]
    var servicesByCode: [String: Service]
    var servicesByCategory: [String: [Service]]

    init(_ db: Database) throws {
        stations = try StationRecord.fetchAll(db).map(\.value)
        categories = try CategoryRecord.fetchAll(db).map(\.value)
        regions = try RegionRecord.fetchAll(db).map(\.value)
        let services = try ServiceRecord.fetchAll(db).map(\.service)
        servicesByCode = Dictionary(services.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        servicesByCategory = Dictionary(grouping: services, by: \.category)
    }
}

/// The routing catalog of the current catalog version.
final class RoutingCatalogCache: Sendable {
    private let state = Mutex<(version: Int64, catalog: RoutingCatalog)?>(nil)

    func catalog(at version: Int64, build: () throws -> RoutingCatalog) throws -> RoutingCatalog {
        if let current = state.withLock({ $0 }), current.version == version { return current.catalog }
        let catalog = try build()
        state.withLock { $0 = (version, catalog) }
        return catalog
    }
}
