import Foundation
import OnestopDomain

package struct StationRecord: Codable, TableRow {
    /// The table the record is a row of.
    package static let table = "station"
    package var id: String
    package var name: String
    package var nameEn: String?
    package var kind: String
    package var region: String
    package var address: String
    package var phone: String
    package var email: String?
    package var website: String?
    package var hours: [OpeningPeriod]
    package var modes: Int
    package var industries: [String]
    package var capacity: Int
    package var status: String
    package var latitude: Double?
    package var longitude: Double?
    package var description: String?
    package var acknowledgeDays: Int?
    package var caseworkers: [Caseworker]
    package var position: Int
    package var lastModified: Int64

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, nameEn = "name_en", kind, region, address, phone, email, website, hours, modes, industries,
            capacity, status, latitude, longitude, description, acknowledgeDays = "acknowledge_days", caseworkers, position,
            lastModified = "last_modified"
    }

    package init(_ station: Station, position: Int, previous: StationRecord?, changed: Bool, now: Date) {
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
        caseworkers = station.caseworkers
        self.position = position
        self.lastModified = Milliseconds.from(lastModified)
    }

    package var value: Station {
        Station(
            id: id, name: name, nameEn: nameEn, kind: Station.Kind(rawValue: kind) ?? .county, region: region,
            address: address, phone: phone, email: email, website: website, hours: hours,
            modes: ServiceMode.modes(fromBits: modes), industries: industries, capacity: capacity,
            status: Station.Status(rawValue: status) ?? .suspended,
            coordinates: latitude.flatMap { latitude in longitude.map { Coordinates(latitude: latitude, longitude: $0) } },
            description: description, acknowledgementDays: acknowledgeDays, caseworkers: caseworkers
        )
    }
}

extension StationRecord: CatalogEntryRecord {
    package static let entity = AuditEntry.Entity.station
    package static func key(of value: Station) -> String { value.id }
}
