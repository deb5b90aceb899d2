import Foundation
import OnestopDomain

/// A delivery read with the station of its endpoint, as lists of deliveries show it.
package struct StationDeliveryRecord: Decodable, Sendable {
    package var delivery: DeliveryRecord
    package var stationId: String

    private enum CodingKeys: String, CodingKey {
        case stationId = "station_id"
    }

    package init(from decoder: any Decoder) throws {
        delivery = try DeliveryRecord(from: decoder)
        stationId = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .stationId)
    }

    package var value: Delivery { delivery.delivery(station: stationId) }
}
