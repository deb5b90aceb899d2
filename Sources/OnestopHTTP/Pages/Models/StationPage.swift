import Mustache
import OnestopDomain
import OnestopStore

/// One station: where it is, how to reach it, when it is open, and the services it offers.
struct StationPage: PageModel {
    static let template = PageTemplate.station

    var frame: PageFrame
    var station: Station
    var services: [ServiceSummary]

    init(frame: PageFrame, station: Station, services: [ServiceListing]) {
        self.frame = frame
        self.station = station
        self.services = services.map { ServiceSummary($0, frame.language) }
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "name": return language.pick(station.name, station.nameEn)
        case "description": return station.description.orMissing
        case "address": return station.address
        case "phone": return station.phone
        case "email": return station.email.orMissing
        case "hours": return language.hours(station.hours)
        case "modes": return station.modes.map(language.mode).joined(separator: language == .en ? ", " : "、")
        case "services": return services
        case "figuresURL": return language.link("/stations/\(station.id)/figures")
        default: return frame.child(named: name)
        }
    }
}
