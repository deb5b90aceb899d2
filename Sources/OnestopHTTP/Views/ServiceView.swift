import Foundation
import Hummingbird
import OnestopDomain

/// A service as the API shows it: with its station and category named, and its fee in CNY.
struct ServiceView: ResponseEncodable {
    var code: String
    var name: String
    var nameEn: String?
    var description: String
    var keywords: [String]
    var category: CategoryRef
    var station: StationRef
    var fee: FeeView
    var turnaroundDays: Int?
    var accreditations: [Accreditation]
    var modes: [ServiceMode]
    var eligibility: String?
    var documents: [String]
    var status: Service.Status
    var lastModified: Date?

    struct FeeView: Encodable {
        var description: String
        var minCNY: Int?
        var maxCNY: Int?
        var currency = "CNY"
        var free: Bool
        var chargedBy: String?

        enum CodingKeys: String, CodingKey {
            case description, minCNY = "min_cny", maxCNY = "max_cny", currency, free, chargedBy = "charged_by"
        }
    }

    init(_ listing: ServiceListing) {
        let service = listing.service
        code = service.code
        name = service.name
        nameEn = service.nameEn
        description = service.description
        keywords = service.keywords
        category = listing.category
        station = listing.station
        fee = FeeView(description: service.fee.description, minCNY: service.fee.minCNY, maxCNY: service.fee.maxCNY,
                      free: service.fee.isFree, chargedBy: service.fee.chargedBy)
        turnaroundDays = service.turnaroundDays
        accreditations = service.accreditations
        modes = service.modes
        eligibility = service.eligibility
        documents = service.documents
        status = service.status
        lastModified = service.lastModified
    }

    enum CodingKeys: String, CodingKey {
        case code, name, nameEn = "name_en", description, keywords, category, station, fee,
            turnaroundDays = "turnaround_days", accreditations, modes, eligibility, documents, status,
            lastModified = "last_modified"
    }
}

extension ServiceView: DirectJSONWritable {
    /// The same JSON as `Encodable` writes; search writes up to a hundred of these per request.
    func writeJSON(into json: inout JSONBuffer) {
        json.beginObject()
        json.field("code", code)
        json.field("name", name)
        json.field("name_en", nameEn)
        json.field("description", description)
        json.field("keywords", strings: keywords)
        json.key("category")
        json.beginObject()
        json.field("code", category.code)
        json.field("name", category.name)
        json.field("name_en", category.nameEn)
        json.endObject()
        json.key("station")
        json.beginObject()
        json.field("id", station.id)
        json.field("name", station.name)
        json.field("kind", station.kind.rawValue)
        json.field("region", station.region)
        json.field("phone", station.phone)
        json.endObject()
        json.key("fee")
        json.beginObject()
        json.field("description", fee.description)
        json.field("min_cny", fee.minCNY)
        json.field("max_cny", fee.maxCNY)
        json.field("currency", fee.currency)
        json.key("free")
        json.bool(fee.free)
        json.field("charged_by", fee.chargedBy)
        json.endObject()
        json.field("turnaround_days", turnaroundDays)
        json.key("accreditations")
        json.beginArray()
        for accreditation in accreditations {
            json.beginObject()
            json.field("mark", accreditation.mark)
            json.field("number", accreditation.number)
            json.key("sample")
            json.bool(accreditation.sample)
            json.endObject()
        }
        json.endArray()
        json.field("modes", strings: modes.map(\.rawValue))
        json.field("eligibility", eligibility)
        json.field("documents", strings: documents)
        json.field("status", status.rawValue)
        json.field("last_modified", lastModified.map(JSONByteWriter.iso8601))
        json.endObject()
    }
}
