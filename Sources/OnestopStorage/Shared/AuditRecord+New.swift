import Foundation
import OnestopDomain

extension AuditRecord {
    /// A new entry, not yet stored: `entity` `id` changed by `actor` at `at`.
    init(_ entity: AuditEntry.Entity, _ id: String, _ action: AuditEntry.Action, changes: [FieldChange], actor: String, at: Date) {
        self.init(id: nil, at: Milliseconds.from(at), actor: actor, entity: entity.rawValue, entityId: id, action: action.rawValue, changes: changes)
    }
}
