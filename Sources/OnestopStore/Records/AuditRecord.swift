import Foundation
import OnestopDomain

package struct AuditRecord: Codable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "audit"
    package var id: Int64?
    package var at: Int64
    package var actor: String
    package var entity: String
    package var entityId: String
    package var action: String
    package var changes: [FieldChange]

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, at, actor, entity, entityId = "entity_id", action, changes
    }

    package var entry: AuditEntry {
        AuditEntry(
            id: id ?? 0, at: Milliseconds.date(at), actor: actor, entity: AuditEntry.Entity(rawValue: entity) ?? .service,
            entityID: entityId, action: AuditEntry.Action(rawValue: action) ?? .update, changes: changes
        )
    }
}

extension AuditRecord {
    /// A new entry, not yet stored: `entity` `id` changed by `actor` at `at`.
    package init(_ entity: AuditEntry.Entity, _ id: String, _ action: AuditEntry.Action, changes: [FieldChange], actor: String, at: Date) {
        self.init(id: nil, at: Milliseconds.from(at), actor: actor, entity: entity.rawValue, entityId: id, action: action.rawValue, changes: changes)
    }
}
