import Foundation
import OnestopDomain

/// An endpoint and the secrets that sign for it now: the current one first.
public struct EndpointTarget: Sendable {
    public var endpoint: WebhookEndpoint
    /// Empty for a robot without signing.
    public var secrets: [String]

    package init(endpoint: WebhookEndpoint, secrets: [String]) {
        self.endpoint = endpoint
        self.secrets = secrets
    }
}
