/// What applying `CatalogChanges` did, or would do in a dry run.
public struct CatalogChangeSummary: Sendable, Equatable {
    public struct Entry: Sendable, Equatable, CustomStringConvertible {
        public var entity: AuditEntry.Entity
        public var id: String
        /// The fields that changed, for `changed` entries.
        public var fields: [String]

        public init(entity: AuditEntry.Entity, id: String, fields: [String] = []) {
            self.entity = entity
            self.id = id
            self.fields = fields
        }

        public var description: String {
            fields.isEmpty ? "\(entity.rawValue) \(id)" : "\(entity.rawValue) \(id) (\(fields.joined(separator: ", ")))"
        }
    }

    public var added: [Entry] = []
    public var changed: [Entry] = []
    public var retired: [Entry] = []

    public init(added: [Entry] = [], changed: [Entry] = [], retired: [Entry] = []) {
        self.added = added
        self.changed = changed
        self.retired = retired
    }

    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && retired.isEmpty }
}
