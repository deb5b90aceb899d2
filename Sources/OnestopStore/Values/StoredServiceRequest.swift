import Foundation
import OnestopDomain

/// A request as stored, with what only the server may see.
public struct StoredServiceRequest: Sendable, Equatable {
    public var request: ServiceRequest
    public var tokenNonce: String

    public init(request: ServiceRequest, tokenNonce: String) {
        self.request = request
        self.tokenNonce = tokenNonce
    }
}
