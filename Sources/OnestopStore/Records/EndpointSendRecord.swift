/// A row of `endpoint_send`: a send reserved under an endpoint's rate limit, by any process.
package struct EndpointSendRecord: Codable, Equatable, Sendable, TableRow {
    /// The table the record is a row of.
    package static let table = "endpoint_send"
    package var endpointId: String
    package var at: Int64

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case endpointId = "endpoint_id", at
    }

    package init(endpointId: String, at: Int64) {
        self.endpointId = endpointId
        self.at = at
    }
}
