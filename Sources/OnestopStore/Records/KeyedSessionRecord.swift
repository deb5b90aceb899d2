/// A session read with its key, as signing in checks both.
package struct KeyedSessionRecord: Decodable, Sendable {
    package var key: AccessKeyRecord
    package var expiresAt: Int64

    private enum CodingKeys: String, CodingKey {
        case expiresAt = "session_expires_at"
    }

    package init(from decoder: any Decoder) throws {
        key = try AccessKeyRecord(from: decoder)
        expiresAt = try decoder.container(keyedBy: CodingKeys.self).decode(Int64.self, forKey: .expiresAt)
    }
}
