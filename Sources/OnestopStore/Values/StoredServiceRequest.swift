import Foundation
import OnestopDomain

/// A request as stored, with what only the server may see.
public struct StoredServiceRequest: Sendable, Equatable {
    public var request: ServiceRequest
    public var tokenNonce: String
    /// The lookup key of the request's short link (``ShortLinks/key(of:)``); nil for a request from before short links.
    public var shortLink: String?

    public init(request: ServiceRequest, tokenNonce: String, shortLink: String? = nil) {
        self.request = request
        self.tokenNonce = tokenNonce
        self.shortLink = shortLink
    }
}
