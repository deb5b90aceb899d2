import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// A station as a firm needs to reach it.
struct StationContactView: Encodable, Sendable {
    var id: String
    var name: String
    var phone: String
    var address: String
    var email: String?
    var hours: [OpeningPeriod]

    init(_ station: Station) {
        id = station.id
        name = station.name
        phone = station.phone
        address = station.address
        email = station.email
        hours = station.hours
    }
}
