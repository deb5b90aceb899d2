import Mustache
import OnestopDomain
import OnestopStore

/// One service: what it is, who offers it, what it costs and takes, and the link to request it.
struct ServicePage: PageModel {
    static let template = PageTemplate.service

    var frame: PageFrame
    var summary: ServiceSummary
    var listing: ServiceListing

    init(frame: PageFrame, listing: ServiceListing) {
        self.frame = frame
        self.listing = listing
        summary = ServiceSummary(listing, frame.language)
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        let service = listing.service
        switch name {
        case "nameOther": return (language == .en ? (service.nameEn == nil ? nil : service.name) : service.nameEn).orMissing
        case "description": return service.description
        case "modes": return service.modes.map(language.mode).joined(separator: language == .en ? ", " : "、")
        case "eligibility": return service.eligibility.orMissing
        case "documents": return (service.documents.isEmpty ? nil : service.documents.joined(separator: language == .en ? "; " : "；")).orMissing
        case "phone": return listing.station.phone
        case "code": return service.code
        case "inactive": return service.status != .active
        case "requestURL": return (service.status == .active ? language.link("/requests/new", [("service", service.code)]) : nil).orMissing
        case "requestLabel": return language.say("申请此服务", "Request this service")
        default: return summary.child(named: name) ?? frame.child(named: name)
        }
    }
}
