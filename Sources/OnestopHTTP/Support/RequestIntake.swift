import Crypto
import Foundation
import OnestopDomain

/// How requests are taken in: the id prefix, the tracking tokens and the acknowledgement deadline.
public struct RequestIntake: Sendable {
    /// The readable id's prefix, for example `LA` for Lu'an: `LA-20261126-0042`.
    public var idPrefix: String
    public var tokens: TrackingTokens
    /// How long a station has to accept a request given to it.
    public var acknowledgement: AcknowledgementPolicy
    /// Submissions allowed per client address.
    public var limiter: RateLimiter
    /// How long a firm may evaluate, and a station has to follow up a bad review.
    public var evaluation: EvaluationPolicy

    public init(idPrefix: String, secret: [UInt8], acknowledgementDays: Int = 1,
                submissionsPerMinute: Int = 30, evaluation: EvaluationPolicy = .standard) {
        self.evaluation = evaluation
        self.idPrefix = idPrefix
        self.tokens = TrackingTokens(secret: secret)
        self.acknowledgement = AcknowledgementPolicy(defaultDays: acknowledgementDays)
        self.limiter = RateLimiter(perMinute: submissionsPerMinute)
    }
}
