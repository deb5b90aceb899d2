import OnestopDomain

/// A row of `delivery_attempt`: one try at sending a delivery and what the receiver answered.
package struct DeliveryAttemptRecord: Codable, Equatable, Sendable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "delivery_attempt"
    package var id: Int64?
    package var deliveryId: Int64
    package var at: Int64
    package var statusCode: Int?
    package var durationMs: Int
    package var response: String?
    package var error: String?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, deliveryId = "delivery_id", at, statusCode = "status_code", durationMs = "duration_ms", response, error
    }

    /// The row of an attempt at `delivery`; the receiver's answer cleaned of what no database's text can hold.
    package init(delivery: Int64, _ attempt: DeliveryAttempt) {
        deliveryId = delivery
        at = Milliseconds.from(attempt.at)
        statusCode = attempt.statusCode
        durationMs = attempt.durationMilliseconds
        response = attempt.response.map(StorableText.clean)
        error = attempt.error.map(StorableText.clean)
    }

    package var attempt: DeliveryAttempt {
        DeliveryAttempt(at: Milliseconds.date(at), statusCode: statusCode, durationMilliseconds: durationMs, response: response, error: error)
    }
}
