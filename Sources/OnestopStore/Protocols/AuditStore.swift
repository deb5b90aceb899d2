import OnestopDomain

import Foundation

/// The audit trail of every change to the catalog, the keys and the endpoints, and of every read of a
/// firm's full request with a key.
public protocol AuditStore: Sendable {
    func auditEntries(_ query: AuditQuery) async throws -> Page<AuditEntry>
    /// Records that `actor` read request `id` in full (the firm's contact and credit code) at `at`.
    func recordRead(ofRequest id: String, actor: String, at: Date) async throws
}
