import Crypto
import Foundation
import OnestopDomain

/// Bearer tokens: `ost_` and 43 characters of base64url (32 random bytes), stored as SHA-256.
public enum AccessToken {
    package static let scheme = "ost_"
    /// How much of a token lists show: the scheme and eight characters.
    package static let prefixLength = 12

    public static func generate() -> String {
        scheme + randomBase64URL(bytes: 32)
    }

    public static func hash(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    public static func prefix(of token: String) -> String {
        String(token.prefix(prefixLength))
    }

    package static func randomBase64URL(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    package static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.string((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
