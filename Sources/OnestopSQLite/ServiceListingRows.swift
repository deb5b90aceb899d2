import Foundation
import GRDB
import OnestopDomain
import OnestopStore

/// Reading service listings: the columns, the joins and a decoder by position.
enum ServiceListingRows {
    /// The columns of a listing, in the order `listing(_:)` reads them by position.
    static let listingColumns = """
        service.id, service.code, service.station_id, service.category, service.name, service.name_en,
        service.description, service.keywords, service.fee_description, service.fee_min_cny, service.fee_max_cny,
        service.turnaround_days, service.accreditations, service.modes, service.eligibility, service.documents,
        service.status, service.last_modified, station.name, station.kind, station.region, station.phone,
        category.name, category.name_en, service.fee_free, service.fee_charged_by
        """
    static let listingJoins = """
        JOIN station ON station.id = service.station_id
        JOIN category ON category.code = service.category
        """

    /// Reads a listing row by column position: search reads up to a hundred of these per request, and
    /// decoding by name through `Codable` cost more than the query itself.
    static func listing(_ row: Row) throws -> ServiceListing {
        let stationID: String = row[2]
        let categoryCode: String = row[3]
        let accreditationsJSON: String = row[12]
        let service = Service(
            code: row[1], station: stationID, category: categoryCode, name: row[4], nameEn: row[5],
            description: row[6], keywords: JSONStringList.decode(row[7]),
            fee: Fee(description: row[8], minCNY: row[9], maxCNY: row[10], isFree: row[24], chargedBy: row[25]), turnaroundDays: row[11],
            accreditations: accreditationsJSON == "[]" ? [] : (try? JSONDecoder().decode([Accreditation].self, from: Data(accreditationsJSON.utf8))) ?? [],
            modes: ServiceMode.modes(fromBits: row[13]), eligibility: row[14], documents: JSONStringList.decode(row[15]),
            status: Service.Status(rawValue: row[16]) ?? .inactive, lastModified: Milliseconds.date(row[17])
        )
        return ServiceListing(
            service: service,
            station: StationRef(id: stationID, name: row[18], kind: Station.Kind(rawValue: row[19]) ?? .county, region: row[20], phone: row[21]),
            category: CategoryRef(code: categoryCode, name: row[22], nameEn: row[23])
        )
    }
}
