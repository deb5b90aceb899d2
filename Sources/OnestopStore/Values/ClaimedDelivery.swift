import Foundation
import OnestopDomain

/// A delivery taken by a worker, with what it needs to send it.
public struct ClaimedDelivery: Sendable {
    public var id: Int64
    /// Proves the claim when the result is recorded: a stale worker's result does not overwrite a newer claim's.
    public var lease: Int64
    /// When the claim ends and the delivery is due again for anyone.
    public var leaseUntil: Date
    public var messageID: String
    public var endpoint: String
    public var url: String
    /// The current secret first, then the previous one while rotation overlaps; empty for a robot without signing.
    public var secrets: [String]
    public var format: EndpointFormat
    public var keyword: String?
    public var mentionMobiles: [String]
    /// Whether a robot shows the firm's phone in full.
    public var robotContact: RobotContact
    /// The endpoint's rate limit, nil for none.
    public var rateLimit: EndpointRate?
    public var eventType: WebhookEventType
    public var payload: [UInt8]
    /// Attempts made before this one in the current round.
    public var attempts: Int
}
