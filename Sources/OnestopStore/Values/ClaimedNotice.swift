import Crypto
import Foundation
import OnestopDomain

/// A notice taken by the worker, with what it needs to send it: the request's contact as it is now.
public struct ClaimedNotice: Sendable {
    public var id: Int64
    /// Proves the claim when the result is recorded.
    public var lease: Int64
    public var messageID: String
    public var requestID: String
    public var event: NoticeEvent
    public var channel: NoticeChannel
    public var facts: NoticeFacts
    /// The mobile number or the email address.
    public var recipient: String
    /// The request's token nonce, from which its short link is made.
    public var tokenNonce: String
    /// Attempts made before this one.
    public var attempts: Int

    public init(id: Int64, lease: Int64, messageID: String, requestID: String, event: NoticeEvent, channel: NoticeChannel, facts: NoticeFacts,
                recipient: String, tokenNonce: String, attempts: Int) {
        self.id = id
        self.lease = lease
        self.messageID = messageID
        self.requestID = requestID
        self.event = event
        self.channel = channel
        self.facts = facts
        self.recipient = recipient
        self.tokenNonce = tokenNonce
        self.attempts = attempts
    }

    /// Who the per-number limits count sends to, without keeping the number: the SHA-256 of channel and recipient.
    public var recipientKey: String {
        Hex.string(SHA256.hash(data: Data("\(channel.rawValue):\(recipient.lowercased())".utf8)))
    }
}
