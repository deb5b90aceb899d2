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

        enum CodingKeys: String, CodingKey {
            case description, minCNY = "min_cny", maxCNY = "max_cny", currency
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
        fee = FeeView(description: service.fee.description, minCNY: service.fee.minCNY, maxCNY: service.fee.maxCNY)
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
    func writeJSON(to writer: JSONByteWriter) {
        writer.object { object in
            object.field("code", code)
            object.field("name", name)
            object.field("name_en", nameEn)
            object.field("description", description)
            object.field("keywords", strings: keywords)
            object.field("category") { category in
                category.field("code", self.category.code)
                category.field("name", self.category.name)
                category.field("name_en", self.category.nameEn)
            }
            object.field("station") { station in
                station.field("id", self.station.id)
                station.field("name", self.station.name)
                station.field("kind", self.station.kind.rawValue)
                station.field("region", self.station.region)
                station.field("phone", self.station.phone)
            }
            object.field("fee") { fee in
                fee.field("description", self.fee.description)
                fee.field("min_cny", self.fee.minCNY)
                fee.field("max_cny", self.fee.maxCNY)
                fee.field("currency", self.fee.currency)
            }
            object.field("turnaround_days", turnaroundDays)
            object.field("accreditations", array: accreditations) { accreditation in
                writer.object { item in
                    item.field("mark", accreditation.mark)
                    item.field("number", accreditation.number)
                    item.field("sample", accreditation.sample)
                }
            }
            object.field("modes", strings: modes.map(\.rawValue))
            object.field("eligibility", eligibility)
            object.field("documents", strings: documents)
            object.field("status", status.rawValue)
            object.field("last_modified", lastModified.map(JSONByteWriter.iso8601))
        }
    }
}

/// A station, with its active services on its own page.
struct StationView: ResponseEncodable {
    var station: Station
    var services: [ServiceView]?

    func encode(to encoder: any Encoder) throws {
        try station.encode(to: encoder)
        if let services {
            var container = encoder.container(keyedBy: ExtraKeys.self)
            try container.encode(services, forKey: .services)
        }
    }

    enum ExtraKeys: String, CodingKey {
        case services
    }
}

/// One page of a list.
struct PageView<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
    var total: Int
    var page: Int
    var perPage: Int

    init<Source: Sendable>(_ page: Page<Source>, _ transform: (Source) -> Item) {
        self.items = page.items.map(transform)
        self.total = page.total
        self.page = page.page
        self.perPage = page.perPage
    }

    enum CodingKeys: String, CodingKey {
        case items, total, page, perPage = "per_page"
    }
}

/// A whole, unpaged list.
struct ListView<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
    var total: Int

    init(_ items: [Item]) {
        self.items = items
        self.total = items.count
    }
}

extension AuditEntry: ResponseEncodable {}
