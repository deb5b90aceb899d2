import Foundation

/// A bearer key for the API. Only its hash is stored; `prefix` identifies it in lists and logs.
public struct AccessKey: Codable, Sendable, Equatable {
    public var id: String
    public var role: Role
    /// The station a station key acts for.
    public var station: String?
    public var name: String
    /// The token's first characters, enough to recognise it, never enough to use it.
    public var prefix: String
    public var createdAt: Date
    public var revokedAt: Date?

    public enum Role: String, Codable, Sendable, CaseIterable {
        case staff, station
    }

    public init(id: String, role: Role, station: String?, name: String, prefix: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.role = role
        self.station = station
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, role, station, name, prefix, createdAt = "created_at", revokedAt = "revoked_at"
    }

    /// How the key appears in the audit trail: `staff:ops-alice (key_3f2a…)`.
    public var actorName: String { "\(role.rawValue):\(name) (\(id))" }

    /// Whose eyes this key reads a timeline with.
    public var timelineReader: TimelineReader { role == .staff ? .staff : .station(station ?? "") }
}
