import OnestopDomain

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
