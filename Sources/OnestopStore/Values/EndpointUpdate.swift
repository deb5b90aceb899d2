import Foundation
import OnestopDomain

/// What an update changes; nil fields stay as they are.
public struct EndpointUpdate: Sendable, Equatable {
    public var url: String?
    public var eventTypes: [WebhookEventType]?
    /// `.some(nil)` clears the description.
    public var description: String??
    /// `.some(nil)` clears the keyword.
    public var keyword: String??
    public var mentionMobiles: [String]?
    public var robotContact: RobotContact?
    /// `.some(nil)` goes back to the platform's limit.
    public var rateLimit: EndpointRate??
    /// A new signing secret.
    public var secret: SecretChange?

    public init(url: String? = nil, eventTypes: [WebhookEventType]? = nil, description: String?? = nil, keyword: String?? = nil,
                mentionMobiles: [String]? = nil, robotContact: RobotContact? = nil, rateLimit: EndpointRate?? = nil, secret: SecretChange? = nil) {
        self.secret = secret
        self.url = url
        self.eventTypes = eventTypes
        self.description = description
        self.keyword = keyword
        self.mentionMobiles = mentionMobiles
        self.robotContact = robotContact
        self.rateLimit = rateLimit
    }
}
