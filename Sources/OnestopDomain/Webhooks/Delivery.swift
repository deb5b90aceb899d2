import Foundation

/// One event on its way to one endpoint: the outbox row, written with the change that caused it.
public struct Delivery: Sendable, Equatable, Codable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        /// Waiting for its next attempt (or being attempted now).
        case pending
        case succeeded
        /// Every attempt failed, or the endpoint is gone; kept for redelivery.
        case failed
    }

    public var id: Int64
    /// The `webhook-id`: the same on every attempt and redelivery.
    public var messageID: String
    public var endpoint: String
    public var station: String
    public var eventType: WebhookEventType
    public var requestID: String?
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var nextAttemptAt: Date?
    public var lastAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?

    public init(id: Int64, messageID: String, endpoint: String, station: String, eventType: WebhookEventType, requestID: String?,
                status: Status, attempts: Int, createdAt: Date, nextAttemptAt: Date?, lastAttemptAt: Date?, lastStatusCode: Int?,
                lastError: String?) {
        self.id = id
        self.messageID = messageID
        self.endpoint = endpoint
        self.station = station
        self.eventType = eventType
        self.requestID = requestID
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.nextAttemptAt = nextAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
    }

    enum CodingKeys: String, CodingKey {
        case id, messageID = "webhook_id", endpoint, station, eventType = "event_type", requestID = "request_id", status, attempts
        case createdAt = "created_at", nextAttemptAt = "next_attempt_at", lastAttemptAt = "last_attempt_at"
        case lastStatusCode = "last_status_code", lastError = "last_error"
    }
}
