import Mustache
import OnestopDomain
import OnestopStore

/// A service as a list shows it: name and link, its station and category, fee, turnaround and accreditation.
struct ServiceSummary: MustacheParent {
    var url: String
    var name: String
    var stationURL: String
    var stationName: String
    var category: String
    var fee: String
    var turnaround: String
    var accreditations: String

    init(_ listing: ServiceListing, _ language: PageLanguage) {
        let service = listing.service
        url = language.link("/services/\(service.code)")
        name = language.pick(service.name, service.nameEn)
        stationURL = language.link("/stations/\(listing.station.id)")
        stationName = listing.station.name
        category = language.pick(listing.category.name, listing.category.nameEn)
        fee = language.fee(service.fee)
        turnaround = language.turnaround(service.turnaroundDays)
        accreditations = service.accreditations.map { "\($0.mark) \($0.number)" }.joined(separator: "，")
    }

    func child(named name: String) -> Any? {
        switch name {
        case "url": url
        case "name": self.name
        case "stationURL": stationURL
        case "stationName": stationName
        case "category": category
        case "fee": fee
        case "turnaround": turnaround
        case "accreditations": accreditations.isEmpty ? Missing() : accreditations
        case "hasAccreditations": !accreditations.isEmpty
        default: nil
        }
    }
}
