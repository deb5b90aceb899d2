import Foundation
import Hummingbird
import OnestopDelivery
import OnestopDomain
import OnestopStore

/// An endpoint with its secret: only when it is created or its secret rotated. A robot's secret, which came
/// from its platform, is never shown.
struct EndpointWithSecretView: ResponseEncodable {
    var endpoint: WebhookEndpoint
    var secret: String?

    enum CodingKeys: String, CodingKey {
        case secret
    }

    func encode(to encoder: any Encoder) throws {
        try endpoint.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(secret, forKey: .secret)
    }
}
