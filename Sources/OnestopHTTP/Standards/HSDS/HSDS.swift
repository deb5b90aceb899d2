import Foundation

/// Open Referral's Human Services Data Specification 3.0, as onestop serves its catalog under `/hsds/`: the objects
/// in the standard's own field names, each id a ``HSDSIdentifier``. A station is an organization with one physical
/// location; each of its services is a service at that location; the categories are one taxonomy.
enum HSDS {
    static let version = "3.0"

    struct Root: Encodable {
        var version: String
        var profile: String
        var openapi_url: String
    }

    /// A page of a list, as the standard wraps every list.
    struct Page<Item: Encodable>: Encodable {
        var total_items: Int
        var total_pages: Int
        var page_number: Int
        var size: Int
        var first_page: Bool
        var last_page: Bool
        var empty: Bool
        var contents: [Item]

        init(_ all: [Item], page: Int, perPage: Int) {
            total_items = all.count
            total_pages = max(1, (all.count + perPage - 1) / perPage)
            page_number = page
            let start = min(all.count, (page - 1) * perPage)
            contents = Array(all[start..<min(all.count, start + perPage)])
            size = contents.count
            first_page = page == 1
            last_page = page >= total_pages
            empty = all.isEmpty
        }
    }

    struct Organization: Encodable {
        var id: String
        var name: String
        var alternate_name: String?
        var description: String
        var email: String?
        var website: String?
        var phones: [Phone]?
        var locations: [Location]?
        /// On `/organizations/{id}` only: its services, as lists show them.
        var services: [ServiceSummary]?
    }

    struct Location: Encodable {
        var id: String
        var location_type: String
        var organization_id: String
        var name: String
        var description: String?
        var latitude: Double?
        var longitude: Double?
        var addresses: [Address]
        var phones: [Phone]
        var schedules: [Schedule]
    }

    struct Address: Encodable {
        var id: String
        var location_id: String
        var address_1: String
        var city: String
        var region: String?
        var state_province: String
        var postal_code: String
        var country: String
        var address_type: String
    }

    struct Phone: Encodable {
        var id: String
        var number: String
        var type: String
    }

    /// Opening hours as a weekly rule: `freq` WEEKLY, `byday` MO,TU,…, times with China's offset.
    struct Schedule: Encodable {
        var id: String
        var location_id: String?
        var service_at_location_id: String?
        var freq: String
        var wkst: String
        var byday: String
        var opens_at: String
        var closes_at: String
        var description: String
    }

    struct CostOption: Encodable {
        var id: String
        var service_id: String
        var option: String
        var currency: String
        var amount: Double?
        var amount_description: String
    }

    struct RequiredDocument: Encodable {
        var id: String
        var service_id: String
        var document: String
    }

    struct TaxonomyTerm: Encodable {
        var id: String
        var code: String
        var name: String
        var description: String
        var parent_id: String?
        var taxonomy: String
        var taxonomy_id: String
        var language: String
    }

    struct Taxonomy: Encodable {
        var id: String
        var name: String
        var description: String
        var version: String
    }

    /// A service's link to its category's term.
    struct Attribute: Encodable {
        var id: String
        var link_id: String
        var link_type: String
        var link_entity: String
        var taxonomy_term_id: String
        var taxonomy_term: TaxonomyTerm
    }

    struct ServiceAtLocation: Encodable {
        var id: String
        var service_id: String
        var location_id: String
        var location: Location?
        var service: ServiceSummary?
        var phones: [Phone]
        var schedules: [Schedule]
    }

    /// A service as lists show it: its one-to-one fields.
    struct ServiceSummary: Encodable {
        var id: String
        var organization_id: String
        var name: String
        var alternate_name: String?
        var description: String
        var status: String
        var fees_description: String
        var wait_time: String?
        var accreditations: String?
        var eligibility_description: String?
        var last_modified: String?
    }

    /// A service fully nested: its organization, where it is offered, how to call, what it costs, what to bring.
    struct Service: Encodable {
        var id: String
        var organization_id: String
        var name: String
        var alternate_name: String?
        var description: String
        var status: String
        var fees_description: String
        var wait_time: String?
        var accreditations: String?
        var eligibility_description: String?
        var last_modified: String?
        var organization: Organization
        var service_at_locations: [ServiceAtLocation]
        var phones: [Phone]
        var cost_options: [CostOption]
        var required_documents: [RequiredDocument]
        var attributes: [Attribute]
    }
}
