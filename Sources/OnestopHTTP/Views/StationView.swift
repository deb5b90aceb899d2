import Foundation
import Hummingbird
import OnestopDomain

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
