import Foundation
import OnestopDomain

/// A row of `firm_notice`: one event for a firm on one channel, written with the change that causes it and sent by
/// the notice worker. While a worker holds it, `nextAttemptAt` is the end of its lease and `lease` proves the claim.
/// It keeps no phone number or address: the sender reads the request's own contact when it sends.
package struct NoticeRecord: Codable, Equatable, Sendable, GeneratedIDRow {
    package static let table = "firm_notice"
    package var id: Int64?
    /// onestop's own id for the message, carried in the provider's own field for it, so that a repeat is known.
    package var messageId: String
    package var requestId: String
    package var event: String
    package var channel: String
    /// ``NoticeFacts`` as JSON text.
    package var facts: String
    package var status: String
    package var attempts: Int
    package var nextAttemptAt: Int64?
    package var lease: Int64?
    package var createdAt: Int64
    package var lastAttemptAt: Int64?
    package var lastError: String?
    /// The provider's id for the message it accepted (Alibaba's BizId, Tencent's SerialNo, a mail server's queue id).
    package var providerId: String?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, messageId = "message_id", requestId = "request_id", event, channel, facts, status, attempts, nextAttemptAt = "next_attempt_at",
            lease, createdAt = "created_at", lastAttemptAt = "last_attempt_at", lastError = "last_error", providerId = "provider_id"
    }

    package init(id: Int64? = nil, messageId: String, requestId: String, event: String, channel: String, facts: String, status: String,
                 attempts: Int = 0, nextAttemptAt: Int64? = nil, lease: Int64? = nil, createdAt: Int64, lastAttemptAt: Int64? = nil,
                 lastError: String? = nil, providerId: String? = nil) {
        self.id = id
        self.messageId = messageId
        self.requestId = requestId
        self.event = event
        self.channel = channel
        self.facts = facts
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lease = lease
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.lastError = lastError
        self.providerId = providerId
    }

    /// The notice as staff and the firm's page see it.
    package var notice: FirmNotice {
        FirmNotice(
            id: id ?? 0, messageID: messageId, requestID: requestId, event: NoticeEvent(rawValue: event) ?? .received,
            channel: NoticeChannel(rawValue: channel) ?? .sms, status: FirmNotice.Status(rawValue: status) ?? .pending, attempts: attempts,
            createdAt: Milliseconds.date(createdAt), nextAttemptAt: status == FirmNotice.Status.pending.rawValue ? nextAttemptAt.map(Milliseconds.date) : nil,
            lastAttemptAt: lastAttemptAt.map(Milliseconds.date), lastError: lastError, providerID: providerId)
    }
}
