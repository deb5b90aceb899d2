import Foundation
import GRDB
import OnestopDomain

/// A record of the catalog kept in file order, upserted the same way for regions, categories and stations.
protocol CatalogEntryRecord: FetchableRecord, PersistableRecord {
    associatedtype Value: Encodable
    static var entity: AuditEntry.Entity { get }
    static func key(of value: Value) -> String
    var position: Int { get }
    var value: Value { get }
    /// The record for `value`; `previous` is what was stored, `changed` whether any field differs from it.
    init(_ value: Value, position: Int, previous: Self?, changed: Bool, now: Date)
}

struct RegionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "region"
    var code: String
    var name: String
    var nameEn: String?
    var kind: String
    var parent: String?
    var position: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, name, nameEn = "name_en", kind, parent, position
    }

    enum Columns {
        static let code = Column(CodingKeys.code)
        static let position = Column(CodingKeys.position)
    }

    init(_ region: Region, position: Int, previous: RegionRecord?, changed: Bool, now: Date) {
        code = region.code
        name = region.name
        nameEn = region.nameEn
        kind = region.kind.rawValue
        parent = region.parent
        self.position = position
    }

    var value: Region {
        Region(code: code, name: name, nameEn: nameEn, kind: Region.Kind(rawValue: kind) ?? .county, parent: parent)
    }
}

struct CategoryRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "category"
    var code: String
    var parent: String?
    var name: String
    var nameEn: String
    var description: String?
    var position: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case code, parent, name, nameEn = "name_en", description, position
    }

    enum Columns {
        static let code = Column(CodingKeys.code)
        static let position = Column(CodingKeys.position)
    }

    init(_ category: Category, position: Int, previous: CategoryRecord?, changed: Bool, now: Date) {
        code = category.code
        parent = category.parent
        name = category.name
        nameEn = category.nameEn
        description = category.description
        self.position = position
    }

    var value: Category {
        Category(code: code, parent: parent, name: name, nameEn: nameEn, description: description)
    }
}

struct StationRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "station"
    var id: String
    var name: String
    var nameEn: String?
    var kind: String
    var region: String
    var address: String
    var phone: String
    var email: String?
    var website: String?
    var hours: [OpeningPeriod]
    var modes: Int
    var industries: [String]
    var capacity: Int
    var status: String
    var latitude: Double?
    var longitude: Double?
    var description: String?
    var acknowledgeDays: Int?
    var position: Int
    var lastModified: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, nameEn = "name_en", kind, region, address, phone, email, website, hours, modes, industries,
            capacity, status, latitude, longitude, description, acknowledgeDays = "acknowledge_days", position,
            lastModified = "last_modified"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let position = Column(CodingKeys.position)
    }

    init(_ station: Station, position: Int, previous: StationRecord?, changed: Bool, now: Date) {
        let lastModified = changed ? now : previous.map { Milliseconds.date($0.lastModified) } ?? now
        id = station.id
        name = station.name
        nameEn = station.nameEn
        kind = station.kind.rawValue
        region = station.region
        address = station.address
        phone = station.phone
        email = station.email
        website = station.website
        hours = station.hours
        modes = ServiceMode.bits(station.modes)
        industries = station.industries
        capacity = station.capacity
        status = station.status.rawValue
        latitude = station.coordinates?.latitude
        longitude = station.coordinates?.longitude
        description = station.description
        acknowledgeDays = station.acknowledgementDays
        self.position = position
        self.lastModified = Milliseconds.from(lastModified)
    }

    var value: Station {
        Station(
            id: id, name: name, nameEn: nameEn, kind: Station.Kind(rawValue: kind) ?? .county, region: region,
            address: address, phone: phone, email: email, website: website, hours: hours,
            modes: ServiceMode.modes(fromBits: modes), industries: industries, capacity: capacity,
            status: Station.Status(rawValue: status) ?? .suspended,
            coordinates: latitude.flatMap { latitude in longitude.map { Coordinates(latitude: latitude, longitude: $0) } },
            description: description, acknowledgementDays: acknowledgeDays
        )
    }
}

struct ServiceRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "service"
    var id: Int64?
    var code: String
    var stationId: String
    var category: String
    var name: String
    var nameEn: String?
    var description: String
    var keywords: [String]
    var feeDescription: String
    var feeMinCny: Int?
    var feeMaxCny: Int?
    var turnaroundDays: Int?
    var accreditations: [Accreditation]
    var modes: Int
    var eligibility: String?
    var documents: [String]
    var status: String
    var lastModified: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, code, stationId = "station_id", category, name, nameEn = "name_en", description, keywords,
            feeDescription = "fee_description", feeMinCny = "fee_min_cny", feeMaxCny = "fee_max_cny",
            turnaroundDays = "turnaround_days", accreditations, modes, eligibility, documents, status,
            lastModified = "last_modified"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let code = Column(CodingKeys.code)
        static let stationId = Column(CodingKeys.stationId)
        static let category = Column(CodingKeys.category)
        static let status = Column(CodingKeys.status)
    }

    init(_ service: Service, id: Int64?, lastModified: Date) {
        self.id = id
        code = service.code
        stationId = service.station
        category = service.category
        name = service.name
        nameEn = service.nameEn
        description = service.description
        keywords = service.keywords
        feeDescription = service.fee.description
        feeMinCny = service.fee.minCNY
        feeMaxCny = service.fee.maxCNY
        turnaroundDays = service.turnaroundDays
        accreditations = service.accreditations
        modes = ServiceMode.bits(service.modes)
        eligibility = service.eligibility
        documents = service.documents
        status = service.status.rawValue
        self.lastModified = Milliseconds.from(lastModified)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var service: Service {
        Service(
            code: code, station: stationId, category: category, name: name, nameEn: nameEn, description: description,
            keywords: keywords, fee: Fee(description: feeDescription, minCNY: feeMinCny, maxCNY: feeMaxCny),
            turnaroundDays: turnaroundDays, accreditations: accreditations, modes: ServiceMode.modes(fromBits: modes),
            eligibility: eligibility, documents: documents, status: Service.Status(rawValue: status) ?? .inactive,
            lastModified: Milliseconds.date(lastModified)
        )
    }
}

struct AuditRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "audit"
    var id: Int64?
    var at: Int64
    var actor: String
    var entity: String
    var entityId: String
    var action: String
    var changes: [FieldChange]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, at, actor, entity, entityId = "entity_id", action, changes
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let entity = Column(CodingKeys.entity)
        static let entityId = Column(CodingKeys.entityId)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var entry: AuditEntry {
        AuditEntry(
            id: id ?? 0, at: Milliseconds.date(at), actor: actor, entity: AuditEntry.Entity(rawValue: entity) ?? .service,
            entityID: entityId, action: AuditEntry.Action(rawValue: action) ?? .update, changes: changes
        )
    }
}

struct AccessKeyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "access_key"
    var id: String
    var role: String
    var stationId: String?
    var name: String
    var prefix: String
    var tokenHash: String
    var createdAt: Int64
    var revokedAt: Int64?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, role, stationId = "station_id", name, prefix, tokenHash = "token_hash", createdAt = "created_at",
            revokedAt = "revoked_at"
    }

    enum Columns {
        static let tokenHash = Column(CodingKeys.tokenHash)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    var key: AccessKey {
        AccessKey(
            id: id, role: AccessKey.Role(rawValue: role) ?? .station, station: stationId, name: name, prefix: prefix,
            createdAt: Milliseconds.date(createdAt), revokedAt: revokedAt.map(Milliseconds.date)
        )
    }
}


/// Times are stored as whole milliseconds since 1970: exact to compare and sort, and a time read back
/// equals the time written when it came from `now()`.
enum Milliseconds {
    static func from(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// The time as the database keeps it: to the millisecond.
    static func truncated(_ date: Date) -> Date {
        self.date(from(date))
    }

    /// Now, to the millisecond.
    static func now() -> Date {
        truncated(Date())
    }
}

extension RegionRecord: CatalogEntryRecord {
    static let entity = AuditEntry.Entity.region
    static func key(of value: Region) -> String { value.code }
}

extension CategoryRecord: CatalogEntryRecord {
    static let entity = AuditEntry.Entity.category
    static func key(of value: Category) -> String { value.code }
}

extension StationRecord: CatalogEntryRecord {
    static let entity = AuditEntry.Entity.station
    static func key(of value: Station) -> String { value.id }
}
