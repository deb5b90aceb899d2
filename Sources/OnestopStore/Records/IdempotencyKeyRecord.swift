/// A row of `idempotency_key`: a firm's `Idempotency-Key` (the firm's code and the key, apart by a space), a digest
/// of the body it came with, and the request it created.
package struct IdempotencyKeyRecord: Codable, Equatable, Sendable, TableRow {
    /// The table the record is a row of.
    package static let table = "idempotency_key"
    package var key: String
    package var bodyDigest: String
    package var requestId: String
    package var createdAt: Int64

    package init(key: String, bodyDigest: String, requestId: String, createdAt: Int64) {
        self.key = key
        self.bodyDigest = bodyDigest
        self.requestId = requestId
        self.createdAt = createdAt
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case key, bodyDigest = "body_digest", requestId = "request_id", createdAt = "created_at"
    }
}
