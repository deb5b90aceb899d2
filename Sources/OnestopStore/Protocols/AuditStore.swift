import OnestopDomain

/// The audit trail of every change to the catalog and the keys.
public protocol AuditStore: Sendable {
    func auditEntries(_ query: AuditQuery) async throws -> Page<AuditEntry>
}

/// Which audit entries to read, newest first.
public struct AuditQuery: Sendable, Equatable {
    public var entity: AuditEntry.Entity?
    public var entityID: String?
    public var page: PageRequest

    public init(entity: AuditEntry.Entity? = nil, entityID: String? = nil, page: PageRequest = PageRequest()) {
        self.entity = entity
        self.entityID = entityID
        self.page = page
    }
}
