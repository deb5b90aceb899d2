import Foundation

/// A mail server reached over SMTP: `smtps://host:465`, or `smtp://host:587` with STARTTLS required.
public struct SMTPProvider: Sendable {
    public var url: String
    /// The sender's address, and the name shown for it.
    public var from: String
    public var fromName: String
    public var username: String?
    public var password: String?
    /// For `smtp://`: whether STARTTLS is required. Only a server on loopback may be spoken to in the clear.
    public var requireTLS: Bool

    public init(url: String, from: String, fromName: String, username: String? = nil, password: String? = nil, requireTLS: Bool = true) {
        self.url = url
        self.from = from
        self.fromName = fromName
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
    }
}
