import Foundation
import OnestopDomain

/// A checked submission ready to store.
public struct NewServiceRequest: Sendable {
    public var submission: RequestSubmission.Checked
    /// The readable id's prefix, for example the city's two letters: `LA`.
    public var idPrefix: String
    /// A random value kept with the request from which the tracking token is derived; the token itself
    /// is never stored.
    public var tokenNonce: String
    /// The lookup key of the request's short link (``ShortLinks/key(of:)``), made from the nonce; nil for none.
    public var shortLink: String?
    public var receivedAt: Date
    /// When the station given the request must have accepted it.
    public var acknowledgement: AcknowledgementPolicy
    public var idempotency: Idempotency?

    /// An `Idempotency-Key` as the best payment APIs keep them: scoped to the firm that sent it (the same
    /// key from another firm is another key) and kept for `lifetime`, after which it may be used afresh.
    public struct Idempotency: Sendable, Equatable {
        public var key: String
        /// The submitting firm's unified social credit code.
        public var firm: String
        /// A digest of the request body, to tell a retry from a different request under the same key.
        public var bodyDigest: String

        public static let lifetime: TimeInterval = 24 * 3600

        public init(key: String, firm: String, bodyDigest: String) {
            self.key = key
            self.firm = firm
            self.bodyDigest = bodyDigest
        }

        /// The key as stored: the firm's code and the key, apart by a space, which neither can hold.
        public var storedKey: String { "\(firm) \(key)" }

        /// Keys stored before this moment have expired.
        public static func cutoff(at now: Date) -> Date { now.addingTimeInterval(-lifetime) }
    }

    public init(
        submission: RequestSubmission.Checked, idPrefix: String, tokenNonce: String, receivedAt: Date,
        acknowledgement: AcknowledgementPolicy, idempotency: Idempotency? = nil, shortLink: String? = nil
    ) {
        self.shortLink = shortLink
        self.submission = submission
        self.idPrefix = idPrefix
        self.tokenNonce = tokenNonce
        self.receivedAt = receivedAt
        self.acknowledgement = acknowledgement
        self.idempotency = idempotency
    }
}
