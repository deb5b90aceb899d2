import Foundation

/// A notice to a firm as staff see it: what it told of, how, and how sending it went. Never the number or address.
public struct FirmNotice: Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting to be sent, or to be tried again.
        case pending
        /// The provider accepted it.
        case sent
        /// Given up: refused for good, or every try failed.
        case failed
        /// The provider said the number or address cannot receive it; the channel is not used again for the request.
        case unreachable
        /// The firm stopped notices before it went.
        case stopped
    }

    public var id: Int64
    public var messageID: String
    public var requestID: String
    public var event: NoticeEvent
    public var channel: NoticeChannel
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastError: String?
    public var providerID: String?

    public init(id: Int64, messageID: String, requestID: String, event: NoticeEvent, channel: NoticeChannel, status: Status, attempts: Int,
                createdAt: Date, nextAttemptAt: Date?, lastAttemptAt: Date?, lastError: String?, providerID: String?) {
        self.id = id
        self.messageID = messageID
        self.requestID = requestID
        self.event = event
        self.channel = channel
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.providerID = providerID
    }
}
