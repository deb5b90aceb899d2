import Foundation
import OnestopDomain

/// How an attempt ended and what follows.
public struct DeliveryResult: Sendable {
    public enum Next: Sendable, Equatable {
        case succeeded
        case retry(at: Date)
        case failed
        /// The receiver said the endpoint is gone (410): the delivery fails and the endpoint is disabled.
        case endpointGone
    }

    public var delivery: Int64
    public var lease: Int64
    public var endpoint: String
    public var attempt: DeliveryAttempt
    public var next: Next
    /// An endpoint failing without a success for this long is disabled.
    public var disableAfter: Duration
    /// The platform said the endpoint sent too much: nothing more is sent to it before this.
    public var pauseEndpointUntil: Date?
    /// The platform refused the signature: staff are alerted (once a day per endpoint at most).
    public var signatureRefused: Bool

    public init(delivery: Int64, lease: Int64, endpoint: String, attempt: DeliveryAttempt, next: Next, disableAfter: Duration,
                pauseEndpointUntil: Date? = nil, signatureRefused: Bool = false) {
        self.signatureRefused = signatureRefused
        self.delivery = delivery
        self.lease = lease
        self.endpoint = endpoint
        self.attempt = attempt
        self.next = next
        self.disableAfter = disableAfter
        self.pauseEndpointUntil = pauseEndpointUntil
    }
}
