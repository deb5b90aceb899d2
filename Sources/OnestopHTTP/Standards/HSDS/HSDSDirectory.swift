import Foundation
import OnestopDomain
import Synchronization

/// The whole catalog as HSDS objects, made once per catalog version and answered from memory: the same catalog
/// and store as the rest of the API, no second copy kept anywhere else.
struct HSDSDirectory: Sendable {
    var services: [HSDS.Service]
    /// The services as lists show them, in the same order, made once.
    var summaries: [HSDS.ServiceSummary]
    /// By id.
    var servicesByID: [String: HSDS.Service]
    var organizations: [HSDS.Organization]
    var serviceAtLocations: [HSDS.ServiceAtLocation]
    var taxonomy: HSDS.Taxonomy
    var terms: [HSDS.TaxonomyTerm]
    /// Each service's place in ``services``, by code, for the catalog's own search.
    var positions: [String: Int]
    /// Each service's last change, by id, for `modified_after`.
    var modified: [String: Date]

    init(_ catalog: Catalog) {
        let regions = Dictionary(catalog.regions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        taxonomy = HSDS.Taxonomy(id: HSDSIdentifier.uuid("taxonomy", "categories"), name: "一站式质量服务类别",
                                 description: "计量、标准、认证认可、检验检测等质量基础设施服务的类别 (the kinds of quality infrastructure service)",
                                 version: "1")
        let taxonomyID = taxonomy.id
        terms = catalog.categories.map { category in
            HSDS.TaxonomyTerm(id: HSDSIdentifier.uuid("taxonomy_term", category.code), code: category.code, name: category.name,
                              description: category.description ?? category.nameEn, parent_id: category.parent.map { HSDSIdentifier.uuid("taxonomy_term", $0) },
                              taxonomy: "onestop-categories", taxonomy_id: taxonomyID, language: "zh")
        }
        let termsByCode = Dictionary(zip(catalog.categories.map(\.code), terms), uniquingKeysWith: { first, _ in first })
        var organizationsByStation: [String: HSDS.Organization] = [:]
        var locationsByStation: [String: HSDS.Location] = [:]
        for station in catalog.stations where station.status != .retired {
            let organizationID = HSDSIdentifier.uuid("organization", station.id)
            let locationID = HSDSIdentifier.uuid("location", station.id)
            let region = regions[station.region]
            let city = region.flatMap { $0.kind == .city ? $0 : $0.parent.flatMap { regions[$0] } }
            let phone = HSDS.Phone(id: HSDSIdentifier.uuid("phone", station.id), number: station.phone, type: "voice")
            let location = HSDS.Location(
                id: locationID, location_type: "physical", organization_id: organizationID, name: station.name, description: station.description,
                latitude: station.coordinates?.latitude, longitude: station.coordinates?.longitude,
                addresses: [HSDS.Address(id: HSDSIdentifier.uuid("address", station.id), location_id: locationID, address_1: station.address,
                                         city: city?.name ?? region?.name ?? "", region: region?.name, state_province: "", postal_code: "",
                                         country: "CN", address_type: "physical")],
                phones: [phone], schedules: Self.schedules(station.hours, key: station.id, locationID: locationID, serviceAtLocationID: nil))
            locationsByStation[station.id] = location
            organizationsByStation[station.id] = HSDS.Organization(
                id: organizationID, name: station.name, alternate_name: station.nameEn, description: station.description ?? station.name,
                email: station.email, website: station.website.flatMap { $0.hasPrefix("http://") || $0.hasPrefix("https://") ? $0 : nil },
                phones: [phone], locations: [location], services: nil)
        }
        var services: [HSDS.Service] = []
        var serviceAtLocations: [HSDS.ServiceAtLocation] = []
        var codes: [String: String] = [:]
        var modified: [String: Date] = [:]
        for service in catalog.services where service.status != .retired {
            guard let organization = organizationsByStation[service.station], let location = locationsByStation[service.station],
                let station = catalog.stations.first(where: { $0.id == service.station })
            else { continue }
            let id = HSDSIdentifier.uuid("service", service.code)
            let atID = HSDSIdentifier.uuid("service_at_location", service.code)
            let summary = Self.summary(service, id: id, organizationID: organization.id)
            let at = HSDS.ServiceAtLocation(
                id: atID, service_id: id, location_id: location.id, location: location, service: nil, phones: location.phones,
                schedules: Self.schedules(station.hours, key: service.code, locationID: nil, serviceAtLocationID: atID))
            var nestedOrganization = organization
            nestedOrganization.locations = nil
            let term = termsByCode[service.category]
            services.append(HSDS.Service(
                id: id, organization_id: organization.id, name: summary.name, alternate_name: summary.alternate_name, description: summary.description,
                status: summary.status, fees_description: summary.fees_description, wait_time: summary.wait_time,
                accreditations: summary.accreditations, eligibility_description: summary.eligibility_description, last_modified: summary.last_modified,
                organization: nestedOrganization, service_at_locations: [at], phones: location.phones, cost_options: [Self.cost(service.fee, code: service.code, serviceID: id)],
                required_documents: service.documents.enumerated().map { index, document in
                    HSDS.RequiredDocument(id: HSDSIdentifier.uuid("required_document", "\(service.code)/\(index)"), service_id: id, document: document)
                },
                attributes: term.map { [HSDS.Attribute(id: HSDSIdentifier.uuid("attribute", service.code), link_id: id, link_type: "category",
                                                       link_entity: "service", taxonomy_term_id: $0.id, taxonomy_term: $0)] } ?? []))
            var listed = at
            listed.service = summary
            serviceAtLocations.append(listed)
            codes[id] = service.code
            modified[id] = service.lastModified
        }
        self.services = services
        summaries = serviceAtLocations.compactMap(\.service)
        servicesByID = Dictionary(services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        organizations = catalog.stations.compactMap { organizationsByStation[$0.id] }
        self.serviceAtLocations = serviceAtLocations
        positions = Dictionary(services.indices.compactMap { index in codes[services[index].id].map { ($0, index) } }, uniquingKeysWith: { first, _ in first })
        self.modified = modified
    }

    static func summary(_ service: Service, id: String, organizationID: String) -> HSDS.ServiceSummary {
        let accreditations = service.accreditations.map { "\($0.mark) \($0.number)" + ($0.sample ? "（样例）" : "") }
        return HSDS.ServiceSummary(
            id: id, organization_id: organizationID, name: service.name, alternate_name: service.nameEn, description: service.description,
            status: service.status == .active ? "active" : "inactive", fees_description: service.fee.kindZh + "。" + service.fee.description,
            wait_time: service.turnaroundDays.map { "\($0) 个工作日" }, accreditations: accreditations.isEmpty ? nil : accreditations.joined(separator: "；"),
            eligibility_description: service.eligibility, last_modified: service.lastModified.map(Self.timestamp))
    }

    static func cost(_ fee: Fee, code: String, serviceID: String) -> HSDS.CostOption {
        HSDS.CostOption(id: HSDSIdentifier.uuid("cost_option", code), service_id: serviceID, option: fee.kindZh, currency: "CNY",
                        amount: fee.isFree ? 0 : fee.minCNY.map(Double.init), amount_description: fee.description)
    }

    /// One weekly rule per opening period, its times with China's offset (`08:30+08:00`).
    static func schedules(_ hours: [OpeningPeriod], key: String, locationID: String?, serviceAtLocationID: String?) -> [HSDS.Schedule] {
        hours.enumerated().map { index, period in
            HSDS.Schedule(
                id: HSDSIdentifier.uuid(serviceAtLocationID == nil ? "schedule" : "service_schedule", "\(key)/\(index)"),
                location_id: locationID, service_at_location_id: serviceAtLocationID, freq: "WEEKLY", wkst: "MO",
                byday: period.days.map { String($0.key.prefix(2)).uppercased() }.joined(separator: ","),
                opens_at: "\(period.opens)+08:00", closes_at: "\(period.closes)+08:00",
                description: period.days.map(\.nameZh).joined(separator: "、") + " \(period.opens)–\(period.closes)")
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// The directory of the current catalog version, made when the version changes.
final class HSDSDirectoryCache: Sendable {
    private let current = Mutex<(version: Int64, directory: HSDSDirectory)?>(nil)

    init() {}

    func directory(at version: Int64, make: () async throws -> HSDSDirectory) async rethrows -> HSDSDirectory {
        if let cached = current.withLock({ $0 }), cached.version == version { return cached.directory }
        let made = try await make()
        current.withLock { $0 = (version, made) }
        return made
    }
}
