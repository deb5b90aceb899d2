import Foundation

/// An HTTP POST to a receiver, or, with ``mail``, a message handed to an SMTP server.
public struct OutboundRequest: Sendable {
    public var url: String
    public var headers: [(name: String, value: String)]
    /// The HTTP body, or the whole RFC 5322 message for mail.
    public var body: [UInt8]
    /// For `smtp://` and `smtps://` URLs: who the message is from and to, and how to sign in.
    public var mail: MailEnvelope?

    public init(url: String, headers: [(name: String, value: String)], body: [UInt8], mail: MailEnvelope? = nil) {
        self.url = url
        self.headers = headers
        self.body = body
        self.mail = mail
    }
}

/// The SMTP envelope of a message: `MAIL FROM`, `RCPT TO`, the sign-in and whether the connection must be encrypted.
public struct MailEnvelope: Sendable {
    public var from: String
    public var recipients: [String]
    public var username: String?
    public var password: String?
    /// For `smtp://`: STARTTLS is required (the message is never sent in the clear). `smtps://` is encrypted anyway.
    public var requireTLS: Bool

    public init(from: String, recipients: [String], username: String? = nil, password: String? = nil, requireTLS: Bool = true) {
        self.from = from
        self.recipients = recipients
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
    }
}
