import Foundation
import OnestopDomain

/// A notice to the firm as its station and staff see it: never the number or address it went to.
struct FirmNoticeView: Encodable {
    var id: Int64
    var messageID: String
    var event: NoticeEvent
    var channel: NoticeChannel
    var status: FirmNotice.Status
    var attempts: Int
    var createdAt: Date
    var nextAttemptAt: Date?
    var lastAttemptAt: Date?
    var lastError: String?

    init(_ notice: FirmNotice) {
        id = notice.id
        messageID = notice.messageID
        event = notice.event
        channel = notice.channel
        status = notice.status
        attempts = notice.attempts
        createdAt = notice.createdAt
        nextAttemptAt = notice.nextAttemptAt
        lastAttemptAt = notice.lastAttemptAt
        lastError = notice.lastError
    }

    enum CodingKeys: String, CodingKey {
        case id, messageID = "message_id", event, channel, status, attempts, createdAt = "created_at", nextAttemptAt = "next_attempt_at",
            lastAttemptAt = "last_attempt_at", lastError = "last_error"
    }
}
