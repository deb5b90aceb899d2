import Foundation
import OnestopDomain

package struct ServiceRecord: Codable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "service"
    package var id: Int64?
    package var code: String
    package var stationId: String
    package var category: String
    package var name: String
    package var nameEn: String?
    package var description: String
    package var keywords: [String]
    package var feeDescription: String
    package var feeMinCny: Int?
    package var feeMaxCny: Int?
    package var feeFree: Bool
    package var feeChargedBy: String?
    package var turnaroundDays: Int?
    package var accreditations: [Accreditation]
    package var modes: Int
    package var eligibility: String?
    package var documents: [String]
    package var status: String
    package var lastModified: Int64

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, code, stationId = "station_id", category, name, nameEn = "name_en", description, keywords,
            feeDescription = "fee_description", feeMinCny = "fee_min_cny", feeMaxCny = "fee_max_cny", feeFree = "fee_free", feeChargedBy = "fee_charged_by",
            turnaroundDays = "turnaround_days", accreditations, modes, eligibility, documents, status,
            lastModified = "last_modified"
    }

    package init(_ service: Service, id: Int64?, lastModified: Date) {
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
        feeFree = service.fee.isFree
        feeChargedBy = service.fee.chargedBy
        turnaroundDays = service.turnaroundDays
        accreditations = service.accreditations
        modes = ServiceMode.bits(service.modes)
        eligibility = service.eligibility
        documents = service.documents
        status = service.status.rawValue
        self.lastModified = Milliseconds.from(lastModified)
    }

    package var service: Service {
        Service(
            code: code, station: stationId, category: category, name: name, nameEn: nameEn, description: description,
            keywords: keywords, fee: Fee(description: feeDescription, minCNY: feeMinCny, maxCNY: feeMaxCny, isFree: feeFree, chargedBy: feeChargedBy),
            turnaroundDays: turnaroundDays, accreditations: accreditations, modes: ServiceMode.modes(fromBits: modes),
            eligibility: eligibility, documents: documents, status: Service.Status(rawValue: status) ?? .inactive,
            lastModified: Milliseconds.date(lastModified)
        )
    }
}
