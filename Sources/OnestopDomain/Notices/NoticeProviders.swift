import Foundation

/// Who sends the firms' notices, as staff set it in the notices file (`onestop serve --notices FILE`): one SMS
/// provider and one mail server, each optional, with the per-number limits and the public URL short links use.
/// Credentials are read from the environment or a file when the file is loaded; they are never written anywhere.
public struct NoticeProviders: Sendable {
    public var sms: SMSProvider?
    public var email: SMTPProvider?
    public var limits: NoticeLimits
    /// onestop's own public address, for the `/t/CODE` links: `https://onestop.luan.gov.cn`.
    public var publicURL: String
    /// How often to try again after a transient answer.
    public var schedule: RetrySchedule

    public init(sms: SMSProvider? = nil, email: SMTPProvider? = nil, limits: NoticeLimits = NoticeLimits(), publicURL: String,
                schedule: RetrySchedule = .standard) {
        self.sms = sms
        self.email = email
        self.limits = limits
        self.publicURL = publicURL
        self.schedule = schedule
    }

    /// The channels a provider is configured for.
    public var channels: Set<NoticeChannel> {
        var channels: Set<NoticeChannel> = []
        if sms != nil { channels.insert(.sms) }
        if email != nil { channels.insert(.email) }
        return channels
    }
}
