import OnestopDomain

/// A row of `staff_alert`: something staff must act on, raised by onestop itself.
package struct StaffAlertRecord: Codable, Equatable, Sendable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "staff_alert"
    package var id: Int64?
    package var at: Int64
    package var kind: String
    package var endpointId: String?
    package var stationId: String?
    package var message: String

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, at, kind, endpointId = "endpoint_id", stationId = "station_id", message
    }

    package init(id: Int64?, at: Int64, kind: String, endpointId: String?, stationId: String?, message: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.endpointId = endpointId
        self.stationId = stationId
        self.message = message
    }

    package init(at: Int64, kind: StaffAlert.Kind, endpoint: EndpointRecord, message: String) {
        self.at = at
        self.kind = kind.rawValue
        endpointId = endpoint.id
        stationId = endpoint.stationId
        // A platform's error text, quoted in the message, may hold what no database's text can.
        self.message = StorableText.clean(message)
    }

    package var alert: StaffAlert {
        StaffAlert(id: id ?? 0, at: Milliseconds.date(at), kind: StaffAlert.Kind(rawValue: kind) ?? .endpointDisabled, endpoint: endpointId,
                   station: stationId, message: message)
    }
}
