import Foundation
import OnestopDomain

/// A due notice as a claim reads it: the notice's row with its request's contact, nonce and notice state.
package struct NoticeClaimRow: Decodable, Sendable {
    package var notice: NoticeRecord
    package var enterprise: Enterprise
    package var tokenNonce: String
    package var noticesStoppedAt: Int64?
    package var smsUnreachableAt: Int64?
    package var emailUnreachableAt: Int64?

    private enum CodingKeys: String, CodingKey {
        case enterprise, tokenNonce = "token_nonce", noticesStoppedAt = "notices_stopped_at", smsUnreachableAt = "sms_unreachable_at",
            emailUnreachableAt = "email_unreachable_at"
    }

    package init(from decoder: any Decoder) throws {
        notice = try NoticeRecord(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        enterprise = try container.decode(Enterprise.self, forKey: .enterprise)
        tokenNonce = try container.decode(String.self, forKey: .tokenNonce)
        noticesStoppedAt = try container.decodeIfPresent(Int64.self, forKey: .noticesStoppedAt)
        smsUnreachableAt = try container.decodeIfPresent(Int64.self, forKey: .smsUnreachableAt)
        emailUnreachableAt = try container.decodeIfPresent(Int64.self, forKey: .emailUnreachableAt)
    }
}

/// Whether a due notice is sent or ends unsent, decided apart from any database.
package enum NoticeClaimPlan {
    package struct Due: Sendable {
        package var id: Int64
        package var messageID: String
        package var requestID: String
        package var event: NoticeEvent
        package var channel: NoticeChannel
        package var facts: NoticeFacts
        package var recipient: String
        package var tokenNonce: String
        package var attempts: Int
    }

    package enum Decision {
        case send(Due)
        /// Settled unsent, with this status.
        case end(FirmNotice.Status)
    }

    package static func decide(_ row: NoticeClaimRow) -> Decision {
        guard let channel = NoticeChannel(rawValue: row.notice.channel), let event = NoticeEvent(rawValue: row.notice.event),
            let facts = try? JSONDecoder().decode(NoticeFacts.self, from: Data(row.notice.facts.utf8))
        else { return .end(.failed) }
        if row.noticesStoppedAt != nil { return .end(.stopped) }
        let recipient: String?
        switch channel {
        case .sms:
            if row.smsUnreachableAt != nil { return .end(.unreachable) }
            recipient = row.enterprise.phone
        case .email:
            if row.emailUnreachableAt != nil { return .end(.unreachable) }
            recipient = row.enterprise.email
        }
        guard let recipient, !recipient.isEmpty else { return .end(.failed) }
        return .send(Due(id: row.notice.id ?? 0, messageID: row.notice.messageId, requestID: row.notice.requestId, event: event,
                               channel: channel, facts: facts, recipient: recipient, tokenNonce: row.tokenNonce, attempts: row.notice.attempts))
    }
}
