import OnestopDomain

/// The audit trail of every change to the catalog and the keys.
public protocol AuditStore: Sendable {
    func auditEntries(_ query: AuditQuery) async throws -> Page<AuditEntry>
}
