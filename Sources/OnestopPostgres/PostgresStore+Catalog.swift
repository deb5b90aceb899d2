import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: CatalogStore {
    public func catalog() async throws -> Catalog {
        try await pool.read { connection in
            Catalog(
                regions: try await connection.records("SELECT row_to_json(t)::text FROM region t ORDER BY position, code COLLATE \"C\"", as: RegionRecord.self).map(\.value),
                categories: try await connection.records("SELECT row_to_json(t)::text FROM category t ORDER BY position, code COLLATE \"C\"", as: CategoryRecord.self).map(\.value),
                stations: try await connection.records("SELECT row_to_json(t)::text FROM station t ORDER BY position, id COLLATE \"C\"", as: StationRecord.self).map(\.value),
                services: try await connection.records("SELECT row_to_json(t)::text FROM service t ORDER BY code COLLATE \"C\"", as: ServiceRecord.self).map(\.service),
                calendar: try await connection.records("SELECT row_to_json(t)::text FROM calendar_year t ORDER BY year", as: CalendarYearRecord.self).map(\.value)
            )
        }
    }

    public func isCatalogEmpty() async throws -> Bool {
        try await pool.read { connection in
            try await connection.first("SELECT NOT EXISTS (SELECT 1 FROM station)", as: Bool.self) ?? true
        }
    }

    public func catalogVersion() async throws -> Int64 {
        if let fresh = version.fresh { return fresh }
        let readAt = ContinuousClock.now
        let current = try await pool.read { connection in try await Self.catalogVersion(connection) }
        version.remember(current, readAt: readAt)
        return current
    }

    static func catalogVersion(_ connection: PostgresConnection) async throws -> Int64 {
        try await connection.first("SELECT version FROM catalog_version", as: Int64.self) ?? 0
    }

    @discardableResult
    public func apply(_ changes: CatalogChanges, actor: String, dryRun: Bool) async throws -> CatalogChangeSummary {
        defer { version.invalidate() }
        let body: @Sendable (PostgresConnection) async throws -> CatalogChangeSummary = { connection in
            // One catalog change at a time, across instances.
            try await connection.run("SELECT version FROM catalog_version FOR UPDATE")
            let stored = CatalogPlan.Stored(
                regions: try await connection.records("SELECT row_to_json(t)::text FROM region t", as: RegionRecord.self),
                categories: try await connection.records("SELECT row_to_json(t)::text FROM category t", as: CategoryRecord.self),
                stations: try await connection.records("SELECT row_to_json(t)::text FROM station t", as: StationRecord.self),
                services: try await connection.records("SELECT row_to_json(t)::text FROM service t", as: ServiceRecord.self),
                calendar: try await connection.records("SELECT row_to_json(t)::text FROM calendar_year t", as: CalendarYearRecord.self))
            let plan = try CatalogPlan(changes, stored: stored, actor: actor, now: Milliseconds.now())
            try await Self.upsert(plan.regions.records, into: "region", key: "code", columns: RegionRecord.CodingKeys.allColumns, connection)
            try await Self.upsert(plan.categories.records, into: "category", key: "code", columns: CategoryRecord.CodingKeys.allColumns, connection)
            try await Self.upsert(plan.stations.records, into: "station", key: "id", columns: StationRecord.CodingKeys.allColumns, connection)
            try await Self.upsert(plan.calendar.records, into: "calendar_year", key: "year", columns: CalendarYearRecord.CodingKeys.allColumns, connection)
            try await Self.upsert(plan.services.records, into: "service", key: "code",
                                  columns: ServiceRecord.CodingKeys.allColumns.filter { $0 != "id" }, connection)
            try await Self.insertAudits(plan.audits, connection)
            try await Self.addLoadRows(connection)
            // Also when only an order changed: the index lists stations and tie-breaks in catalog order.
            try await connection.run("UPDATE catalog_version SET version = version + 1")
            return plan.summary
        }
        return dryRun ? try await pool.rolledBack(body) : try await pool.transaction(body)
    }

    /// Inserts or updates `records` in one statement.
    static func upsert<R: Encodable>(_ records: [R], into table: String, key: String, columns: [String], _ connection: PostgresConnection) async throws {
        guard !records.isEmpty else { return }
        let list = columns.joined(separator: ", ")
        let updates = columns.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let json = try RecordJSON.array(records)
        try await connection.run("""
            INSERT INTO \(unescaped: table) (\(unescaped: list)) SELECT \(unescaped: list) FROM json_populate_recordset(NULL::\(unescaped: table), \(json)::json)
            ON CONFLICT (\(unescaped: key)) DO UPDATE SET \(unescaped: updates)
            """)
    }

    /// Every station has a load row, so that routing can lock them all.
    static func addLoadRows(_ connection: PostgresConnection) async throws {
        try await connection.run("INSERT INTO station_load (station_id, open) SELECT id, 0 FROM station ON CONFLICT (station_id) DO NOTHING")
    }

    static func insertAudits(_ audits: [AuditRecord], _ connection: PostgresConnection) async throws {
        guard !audits.isEmpty else { return }
        let json = try RecordJSON.array(audits)
        try await connection.run("""
            INSERT INTO audit (at, actor, entity, entity_id, action, changes)
            SELECT at, actor, entity, entity_id, action, changes FROM json_populate_recordset(NULL::audit, \(json)::json)
            """)
    }

    public func regions() async throws -> [Region] {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM region t ORDER BY position, code COLLATE \"C\"", as: RegionRecord.self).map(\.value)
        }
    }

    public func categories() async throws -> [Category] {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM category t ORDER BY position, code COLLATE \"C\"", as: CategoryRecord.self).map(\.value)
        }
    }

    public func stations(includeRetired: Bool) async throws -> [Station] {
        try await pool.read { connection in
            try await connection.records("""
                SELECT row_to_json(t)::text FROM station t WHERE \(includeRetired) OR status != 'retired' ORDER BY position, id COLLATE "C"
                """, as: StationRecord.self).map(\.value)
        }
    }

    public func station(id: String) async throws -> Station? {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM station t WHERE id = \(id)", as: StationRecord.self).first?.value
        }
    }

    public func service(code: String) async throws -> ServiceListing? {
        try await pool.read { connection in
            try await connection.records("""
                SELECT json_build_object('service', row_to_json(s), 'station', row_to_json(st), 'category', row_to_json(c))::text
                FROM service s JOIN station st ON st.id = s.station_id JOIN category c ON c.code = s.category WHERE s.code = \(code)
                """, as: ListedService.self).first.map { Self.listing($0.service.service, station: $0.station.value, category: $0.category.value) }
        }
    }

    static func listing(_ service: Service, station: Station, category: Category) -> ServiceListing {
        ServiceListing(
            service: service,
            station: StationRef(id: station.id, name: station.name, kind: station.kind, region: station.region, phone: station.phone),
            category: CategoryRef(code: category.code, name: category.name, nameEn: category.nameEn))
    }

    /// Served from the same in-memory `CatalogSearchIndex` as on SQLite (one- and two-character Chinese
    /// words included), rebuilt when any instance has changed the catalog.
    public func searchServices(_ query: ServiceQuery) async throws -> Page<ServiceListing> {
        let version = try await catalogVersion()
        if let index = searchIndex.index(at: version) { return index.search(query) }
        let pool = self.pool
        let index = try await searchIndex.index(at: version) {
            try await pool.read { connection in
                let (version, catalog) = try await Self.routingCatalog(connection)
                return (version, Self.searchIndex(catalog))
            }
        }
        return index.search(query)
    }

    public func calendarYears() async throws -> [CalendarYear] {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM calendar_year t ORDER BY year", as: CalendarYearRecord.self).map(\.value)
        }
    }

    public func workingCalendar() async throws -> WorkingCalendar {
        let version = try await catalogVersion()
        if let cached = routingCatalog.cached(at: version) { return cached.calendar }
        return try await pool.read { connection in try await routingCatalog(connection, version: version).calendar }
    }

    /// The whole catalog as routing and search read it, and its version, in one statement (one snapshot).
    static func routingCatalog(_ connection: PostgresConnection) async throws -> (version: Int64, catalog: RoutingCatalog) {
        let read = try await connection.records("""
            SELECT json_build_object(
                'version', (SELECT version FROM catalog_version),
                'stations', COALESCE((SELECT json_agg(t ORDER BY position, id COLLATE "C") FROM station t), '[]'::json),
                'categories', COALESCE((SELECT json_agg(t ORDER BY position, code COLLATE "C") FROM category t), '[]'::json),
                'regions', COALESCE((SELECT json_agg(t ORDER BY position, code COLLATE "C") FROM region t), '[]'::json),
                'services', COALESCE((SELECT json_agg(t ORDER BY code COLLATE "C") FROM service t), '[]'::json),
                'calendar', COALESCE((SELECT json_agg(t ORDER BY year) FROM calendar_year t), '[]'::json))::text
            """, as: CatalogRows.self).first
        guard let read else { return (0, RoutingCatalog(stations: [], categories: [], regions: [], services: [])) }
        return (read.version ?? 0, RoutingCatalog(
            stations: read.stations.map(\.value), categories: read.categories.map(\.value), regions: read.regions.map(\.value),
            services: read.services.map(\.service), calendar: read.calendar.map(\.value)))
    }

    static func searchIndex(_ catalog: RoutingCatalog) -> CatalogSearchIndex {
        let stations = Dictionary(catalog.stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let categories = Dictionary(catalog.categories.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let listings = catalog.servicesByCode.values.compactMap { service -> ServiceListing? in
            guard let station = stations[service.station], let category = categories[service.category] else { return nil }
            return listing(service, station: station, category: category)
        }
        return CatalogSearchIndex(listings: listings, stations: catalog.stations, categories: catalog.categories, regions: catalog.regions)
    }
}

/// A service with its station and category, read as one JSON object.
private struct ListedService: Decodable {
    var service: ServiceRecord
    var station: StationRecord
    var category: CategoryRecord
}

/// The whole catalog and its version, read as one JSON object (one snapshot).
private struct CatalogRows: Decodable {
    var version: Int64?
    var stations: [StationRecord]
    var categories: [CategoryRecord]
    var regions: [RegionRecord]
    var services: [ServiceRecord]
    var calendar: [CalendarYearRecord]
}
