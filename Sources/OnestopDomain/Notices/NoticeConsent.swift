import Foundation

/// Whether a firm agreed to hear of its request by SMS and by email, and what has happened since: it may stop
/// every notice of the request, and a channel whose contact proved wrong is not used again.
public struct NoticeConsent: Sendable, Equatable {
    public var sms: Bool
    public var email: Bool
    /// When the firm stopped every notice of this request.
    public var stoppedAt: Date?
    /// When a provider said the mobile number cannot receive messages.
    public var smsUnreachableAt: Date?
    /// When the mail server said the address does not exist.
    public var emailUnreachableAt: Date?

    public init(sms: Bool = false, email: Bool = false, stoppedAt: Date? = nil, smsUnreachableAt: Date? = nil, emailUnreachableAt: Date? = nil) {
        self.sms = sms
        self.email = email
        self.stoppedAt = stoppedAt
        self.smsUnreachableAt = smsUnreachableAt
        self.emailUnreachableAt = emailUnreachableAt
    }

    /// The channels a notice goes out on now.
    public var channels: [NoticeChannel] {
        guard stoppedAt == nil else { return [] }
        var channels: [NoticeChannel] = []
        if sms && smsUnreachableAt == nil { channels.append(.sms) }
        if email && emailUnreachableAt == nil { channels.append(.email) }
        return channels
    }

    /// Whether any notice was agreed to and not stopped.
    public var isActive: Bool { stoppedAt == nil && (sms || email) }
}
