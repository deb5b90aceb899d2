/// How a firm hears of its request: a text message to the contact's mobile, or an email.
public enum NoticeChannel: String, Codable, Sendable, CaseIterable {
    case sms, email
}
