import Foundation

/// An endpoint's signing secret: 24 to 64 random bytes, written `whsec_` and base64.
public struct WebhookSecret: Sendable, Equatable, CustomStringConvertible {
    public let bytes: [UInt8]

    static let prefix = "whsec_"

    /// Reads `whsec_…`; nil when the text is not a secret of a usable length.
    public init?(_ text: String) {
        guard text.hasPrefix(Self.prefix), let data = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))),
            (24...64).contains(data.count)
        else { return nil }
        bytes = Array(data)
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A new secret of 32 random bytes.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return WebhookSecret(bytes: (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// `whsec_…`: shown once, when the endpoint is created or its secret rotated.
    public var text: String { Self.prefix + Data(bytes).base64EncodedString() }

    /// Never the secret itself, so that it cannot reach a log by accident.
    public var description: String { "whsec_…(\(bytes.count) bytes)" }
}
