import Foundation

/// A staff-visible alert: something onestop did on its own that a person should know about.
public struct StaffAlert: Sendable, Equatable, Codable {
    public enum Kind: String, Codable, Sendable {
        case endpointDisabled = "endpoint_disabled"
        /// A group robot refused the signature: its secret in onestop is probably not the platform's any more.
        case signatureRefused = "signature_refused"
        /// A deadline needed a year the working-day calendar has no notice for, and was counted Monday to Friday.
        case calendarMissing = "calendar_missing"
    }

    public var id: Int64
    public var at: Date
    public var kind: Kind
    public var endpoint: String?
    public var station: String?
    public var message: String

    public init(id: Int64, at: Date, kind: Kind, endpoint: String?, station: String?, message: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.endpoint = endpoint
        self.station = station
        self.message = message
    }
}
