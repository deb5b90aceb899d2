

/// A row of `console_session`: a browser signed in with a key, known by its token's hash only.
package struct ConsoleSessionRecord: Codable, Equatable, Sendable, TableRow {
    /// The table the record is a row of.
    package static let table = "console_session"
    package var tokenHash: String
    package var keyId: String
    package var createdAt: Int64
    package var expiresAt: Int64

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case tokenHash = "token_hash", keyId = "key_id", createdAt = "created_at", expiresAt = "expires_at"
    }

    package init(tokenHash: String, keyId: String, createdAt: Int64, expiresAt: Int64) {
        self.tokenHash = tokenHash
        self.keyId = keyId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
