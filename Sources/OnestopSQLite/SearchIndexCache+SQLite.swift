import GRDB
import OnestopDomain
import OnestopStore

extension SearchIndexCache {
    static func version(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT version FROM catalog_version") ?? 0
    }

    /// A new index from the catalog as `db` sees it.
    static func build(in db: Database) throws -> CatalogSearchIndex {
        let rows = try Row.fetchAll(db, sql: "SELECT \(ServiceListingRows.listingColumns) FROM service \(ServiceListingRows.listingJoins)")
        return CatalogSearchIndex(
            listings: try rows.map(ServiceListingRows.listing),
            stations: try StationRecord.fetchAll(db).map(\.value),
            categories: try CategoryRecord.fetchAll(db).map(\.value),
            regions: try RegionRecord.fetchAll(db).map(\.value)
        )
    }
}
