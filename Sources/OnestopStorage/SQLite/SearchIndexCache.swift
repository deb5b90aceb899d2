import GRDB
import OnestopDomain
import Synchronization

/// The search index of one process, and the catalog version it was built from.
final class SearchIndexCache: Sendable {
    private let state = Mutex<(version: Int64, index: CatalogSearchIndex)?>(nil)

    func index(at version: Int64) -> CatalogSearchIndex? {
        state.withLock { current in current?.version == version ? current?.index : nil }
    }

    func store(_ index: CatalogSearchIndex, at version: Int64) {
        state.withLock { current in
            if current == nil || current!.version <= version { current = (version, index) }
        }
    }

    static func version(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM catalog_version") ?? 0
    }

    /// A new index from the catalog as `db` sees it.
    static func build(in db: Database) throws -> CatalogSearchIndex {
        let rows = try Row.fetchAll(db, sql: "SELECT \(ServiceListingRows.listingColumns) FROM service \(ServiceListingRows.listingJoins)")
        return CatalogSearchIndex(
            listings: try rows.map(ServiceListingRows.listing),
            stations: try StationRecord.fetchAll(db).map(\.station),
            categories: try CategoryRecord.fetchAll(db).map(\.category),
            regions: try RegionRecord.fetchAll(db).map(\.region)
        )
    }
}
