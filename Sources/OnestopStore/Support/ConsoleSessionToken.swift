import OnestopDomain

/// Console session tokens: `oss_` and 32 random bytes.
package enum ConsoleSessionToken {
    package static func generate() -> String {
        "oss_" + AccessToken.randomBase64URL(bytes: 32)
    }

    package static func isWellFormed(_ token: String) -> Bool {
        token.hasPrefix("oss_") && token.count < 100
    }
}
