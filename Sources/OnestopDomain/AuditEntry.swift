import Foundation

/// One change to the catalog, the keys or the endpoints, or one read of a firm's full request with a key:
/// who, when, and for a change each field's old and new value.
public struct AuditEntry: Codable, Sendable, Equatable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var entity: Entity
    public var entityID: String
    public var action: Action
    public var changes: [FieldChange]

    public enum Entity: String, Codable, Sendable, CaseIterable {
        case region, category, station, service, key, endpoint
        /// A year of the working-day calendar.
        case calendar
        /// A work ledger downloaded (firms' names and credit codes): who, when, which period and station.
        case ledger
        /// A firm's request, read in full (contact and credit code) by a station or staff, or its review appealed and decided.
        case request
    }

    public enum Action: String, Codable, Sendable, CaseIterable {
        case create, update, retire, revoke, delete
        /// The record was read, not changed.
        case read
    }

    public init(id: Int64, at: Date, actor: String, entity: Entity, entityID: String, action: Action, changes: [FieldChange]) {
        self.id = id
        self.at = at
        self.actor = actor
        self.entity = entity
        self.entityID = entityID
        self.action = action
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey {
        case id, at, actor, entity, entityID = "entity_id", action, changes
    }
}
