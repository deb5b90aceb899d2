import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: CatalogStore {
    public func catalog() async throws -> Catalog {
        try await writer.read { db in
            Catalog(
                regions: try RegionRecord.order(RegionRecord.Columns.position, RegionRecord.Columns.code).fetchAll(db).map(\.value),
                categories: try CategoryRecord.order(CategoryRecord.Columns.position, CategoryRecord.Columns.code).fetchAll(db).map(\.value),
                stations: try StationRecord.order(StationRecord.Columns.position, StationRecord.Columns.id).fetchAll(db).map(\.value),
                services: try ServiceRecord.order(ServiceRecord.Columns.code).fetchAll(db).map(\.service),
                calendar: try CalendarYearRecord.order(CalendarYearRecord.Columns.year).fetchAll(db).map(\.value)
            )
        }
    }

    public func isCatalogEmpty() async throws -> Bool {
        try await writer.read { db in try StationRecord.fetchCount(db) == 0 }
    }

    public func catalogVersion() async throws -> Int64 {
        if let fresh = version.fresh { return fresh }
        let readAt = ContinuousClock.now
        let current = try await writer.read { db in try SearchIndexCache.version(in: db) }
        version.remember(current, readAt: readAt)
        return current
    }

    @discardableResult
    public func apply(_ changes: CatalogChanges, actor: String, dryRun: Bool) async throws -> CatalogChangeSummary {
        defer { version.invalidate() }
        return try await writer.writeWithoutTransaction { db in
            var summary = CatalogChangeSummary()
            try db.inTransaction {
                summary = try Self.apply(changes, actor: actor, in: db)
                return dryRun ? .rollback : .commit
            }
            return summary
        }
    }

    static func apply(_ changes: CatalogChanges, actor: String, in db: Database) throws -> CatalogChangeSummary {
        let stored = CatalogPlan.Stored(
            regions: try RegionRecord.fetchAll(db), categories: try CategoryRecord.fetchAll(db),
            stations: try StationRecord.fetchAll(db), services: try ServiceRecord.fetchAll(db),
            calendar: try CalendarYearRecord.fetchAll(db))
        let plan = try CatalogPlan(changes, stored: stored, actor: actor, now: Milliseconds.now())
        for record in plan.regions.records { try record.save(db) }
        for record in plan.categories.records { try record.save(db) }
        for record in plan.stations.records { try record.save(db) }
        for record in plan.calendar.records { try record.save(db) }
        for var record in plan.services.records {
            if record.id == nil { try record.insert(db) } else { try record.update(db) }
        }
        for var audit in plan.audits { try audit.insert(db) }
        // Also when only an order changed: the index lists stations and tie-breaks in catalog order.
        try db.execute(sql: "UPDATE catalog_version SET version = version + 1")
        return plan.summary
    }

    public func regions() async throws -> [Region] {
        try await writer.read { db in
            try RegionRecord.order(RegionRecord.Columns.position, RegionRecord.Columns.code).fetchAll(db).map(\.value)
        }
    }

    public func categories() async throws -> [Category] {
        try await writer.read { db in
            try CategoryRecord.order(CategoryRecord.Columns.position, CategoryRecord.Columns.code).fetchAll(db).map(\.value)
        }
    }

    public func stations(includeRetired: Bool) async throws -> [Station] {
        try await writer.read { db in
            var request = StationRecord.order(StationRecord.Columns.position, StationRecord.Columns.id)
            if !includeRetired { request = request.filter(StationRecord.Columns.status != Station.Status.retired.rawValue) }
            return try request.fetchAll(db).map(\.value)
        }
    }

    public func station(id: String) async throws -> Station? {
        try await writer.read { db in try StationRecord.fetchOne(db, key: id)?.value }
    }

    public func service(code: String) async throws -> ServiceListing? {
        try await writer.read { db in
            let sql = "SELECT \(ServiceListingRows.listingColumns) FROM service \(ServiceListingRows.listingJoins) WHERE service.code = ?"
            return try Row.fetchOne(db, sql: sql, arguments: [code]).map(ServiceListingRows.listing)
        }
    }

    public func calendarYears() async throws -> [CalendarYear] {
        try await writer.read { db in try CalendarYearRecord.order(CalendarYearRecord.Columns.year).fetchAll(db).map(\.value) }
    }

    public func workingCalendar() async throws -> WorkingCalendar {
        try await writer.read { db in try routingCatalog(in: db).calendar }
    }

    /// Served from the in-memory `CatalogSearchIndex`, rebuilt when any process has changed the catalog.
    public func searchServices(_ query: ServiceQuery) async throws -> Page<ServiceListing> {
        let version = try await catalogVersion()
        if let index = searchIndex.index(at: version) { return index.search(query) }
        let writer = self.writer
        let index = try await searchIndex.index(at: version) {
            try await writer.read { db in (try SearchIndexCache.version(in: db), try SearchIndexCache.build(in: db)) }
        }
        return index.search(query)
    }
}
