import Foundation
import GRDB
import OnestopDomain

extension SQLiteStore: CatalogStore {
    public func catalog() async throws -> Catalog {
        try await writer.read { db in
            Catalog(
                regions: try RegionRecord.order(RegionRecord.Columns.position, RegionRecord.Columns.code).fetchAll(db).map(\.value),
                categories: try CategoryRecord.order(CategoryRecord.Columns.position, CategoryRecord.Columns.code).fetchAll(db).map(\.value),
                stations: try StationRecord.order(StationRecord.Columns.position, StationRecord.Columns.id).fetchAll(db).map(\.value),
                services: try ServiceRecord.order(ServiceRecord.Columns.code).fetchAll(db).map(\.service)
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
        let now = Milliseconds.now()
        var summary = CatalogChangeSummary()
        func note(_ entity: AuditEntry.Entity, _ id: String, _ action: AuditEntry.Action, _ fieldChanges: [FieldChange]) throws {
            switch action {
            case .create: summary.added.append(.init(entity: entity, id: id))
            case .retire: summary.retired.append(.init(entity: entity, id: id))
            default: summary.changed.append(.init(entity: entity, id: id, fields: fieldChanges.map(\.field)))
            }
            try write(db, audit: entity, id: id, action: action, changes: fieldChanges, actor: actor, at: now)
        }
        func position(_ offset: Int, old: Int?, table: String) throws -> Int {
            if changes.ordered { return offset }
            if let old { return old }
            return try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(position), -1) + 1 FROM \(table)") ?? 0
        }
        func upsert<Record: CatalogEntryRecord>(_ values: [Record.Value], as type: Record.Type) throws {
            for (offset, value) in values.enumerated() {
                let id = Record.key(of: value)
                let old = try Record.fetchOne(db, key: id)
                let fieldChanges = FieldChange.diff(old: old?.value, new: value)
                let position = try position(offset, old: old?.position, table: Record.databaseTableName)
                let record = Record(value, position: position, previous: old, changed: !fieldChanges.isEmpty, now: now)
                if old == nil {
                    try record.insert(db)
                    try note(Record.entity, id, .create, fieldChanges)
                } else if !fieldChanges.isEmpty || old?.position != position {
                    try record.update(db)
                    if !fieldChanges.isEmpty { try note(Record.entity, id, .update, fieldChanges) }
                }
            }
        }
        try upsert(changes.regions, as: RegionRecord.self)
        try upsert(changes.categories, as: CategoryRecord.self)
        try upsert(changes.stations, as: StationRecord.self)
        for service in changes.services {
            let old = try ServiceRecord.filter(ServiceRecord.Columns.code == service.code).fetchOne(db)
            let fieldChanges = FieldChange.diff(old: old?.service, new: service, ignoring: ["last_modified"])
            if old == nil {
                var record = ServiceRecord(service, id: nil, lastModified: now)
                try record.insert(db)
                try note(.service, service.code, .create, fieldChanges)
            } else if let old, !fieldChanges.isEmpty {
                let record = ServiceRecord(service, id: old.id, lastModified: now)
                try record.update(db)
                try note(.service, service.code, .update, fieldChanges)
            }
        }
        for id in changes.retireStations {
            guard var record = try StationRecord.fetchOne(db, key: id), record.status != Station.Status.retired.rawValue else { continue }
            let change = FieldChange(field: "status", old: "\"\(record.status)\"", new: "\"retired\"")
            record.status = Station.Status.retired.rawValue
            record.lastModified = Milliseconds.from(now)
            try record.update(db)
            try note(.station, id, .retire, [change])
        }
        for code in changes.retireServices {
            guard var record = try ServiceRecord.filter(ServiceRecord.Columns.code == code).fetchOne(db),
                record.status != Service.Status.retired.rawValue
            else { continue }
            let change = FieldChange(field: "status", old: "\"\(record.status)\"", new: "\"retired\"")
            record.status = Service.Status.retired.rawValue
            record.lastModified = Milliseconds.from(now)
            try record.update(db)
            try note(.service, code, .retire, [change])
        }
        // Also when only an order changed: the index lists stations and tie-breaks in catalog order.
        try db.execute(sql: "UPDATE catalog_version SET version = version + 1")
        return summary
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
