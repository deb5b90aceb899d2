import Foundation
import OnestopDomain

/// A row of `delivery`, the outbox: one event for one endpoint, written with the change that causes it.
/// While a worker holds it, `nextAttemptAt` is the end of its lease and `lease` proves the claim.
package struct DeliveryRecord: Codable, Equatable, Sendable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "delivery"
    package var id: Int64?
    package var messageId: String
    package var endpointId: String
    package var eventType: String
    package var requestId: String?
    /// nil when a query leaves the body out (lists do).
    package var payload: Data?
    package var status: String
    package var attempts: Int
    package var nextAttemptAt: Int64?
    package var lease: Int64?
    package var createdAt: Int64
    package var lastAttemptAt: Int64?
    package var lastStatusCode: Int?
    package var lastError: String?

    package init(id: Int64? = nil, messageId: String, endpointId: String, eventType: String, requestId: String? = nil, payload: Data? = nil, status: String, attempts: Int, nextAttemptAt: Int64? = nil, lease: Int64? = nil, createdAt: Int64, lastAttemptAt: Int64? = nil, lastStatusCode: Int? = nil, lastError: String? = nil) {
        self.id = id
        self.messageId = messageId
        self.endpointId = endpointId
        self.eventType = eventType
        self.requestId = requestId
        self.payload = payload
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lease = lease
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, messageId = "message_id", endpointId = "endpoint_id", eventType = "event_type", requestId = "request_id", payload, status,
            attempts, nextAttemptAt = "next_attempt_at", lease, createdAt = "created_at", lastAttemptAt = "last_attempt_at",
            lastStatusCode = "last_status_code", lastError = "last_error"
    }

    /// The delivery as staff see it, for an endpoint of `station`.
    package func delivery(station: String) -> Delivery {
        Delivery(
            id: id ?? 0, messageID: messageId, endpoint: endpointId, station: station,
            eventType: WebhookEventType(rawValue: eventType) ?? .requestStatusChanged, requestID: requestId,
            status: Delivery.Status(rawValue: status) ?? .pending, attempts: attempts, createdAt: Milliseconds.date(createdAt),
            nextAttemptAt: nextAttemptAt.map(Milliseconds.date), lastAttemptAt: lastAttemptAt.map(Milliseconds.date),
            lastStatusCode: lastStatusCode, lastError: lastError)
    }
}
