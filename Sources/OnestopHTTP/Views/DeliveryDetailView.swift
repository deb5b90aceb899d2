import Foundation
import Hummingbird
import OnestopDelivery
import OnestopDomain
import OnestopStore

/// A delivery with the body as sent and every attempt.
struct DeliveryDetailView: ResponseEncodable {
    var delivery: Delivery
    var payload: String
    var attempts: [DeliveryAttempt]

    init(_ detail: DeliveryDetail) {
        delivery = detail.delivery
        payload = detail.payload
        attempts = detail.attempts
    }

    enum CodingKeys: String, CodingKey {
        case payload, attempts
    }

    func encode(to encoder: any Encoder) throws {
        try delivery.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(payload, forKey: .payload)
        try container.encode(attempts, forKey: .attempts)
    }
}
