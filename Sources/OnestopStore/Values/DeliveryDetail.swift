import Foundation
import OnestopDomain

/// A delivery with its body and every attempt, oldest first.
public struct DeliveryDetail: Sendable, Equatable {
    public var delivery: Delivery
    public var payload: String
    public var attempts: [DeliveryAttempt]

    public init(delivery: Delivery, payload: String, attempts: [DeliveryAttempt]) {
        self.delivery = delivery
        self.payload = payload
        self.attempts = attempts
    }
}
