import OnestopDomain

package struct RoutingRecordRow: Codable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "routing_record"
    package var id: Int64?
    package var requestId: String
    package var at: Int64
    package var decision: RoutingDecision

    package init(id: Int64? = nil, requestId: String, at: Int64, decision: RoutingDecision) {
        self.id = id
        self.requestId = requestId
        self.at = at
        self.decision = decision
    }

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, requestId = "request_id", at, decision
    }

    package var record: RoutingRecord { RoutingRecord(at: Milliseconds.date(at), decision: decision) }
}
