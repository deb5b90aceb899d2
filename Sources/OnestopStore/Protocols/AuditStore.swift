import OnestopDomain

import Foundation

/// The audit trail of every change to the catalog, the keys and the endpoints, and of every read of a
/// firm's full request with a key.
public protocol AuditStore: Sendable {
    func auditEntries(_ query: AuditQuery) async throws -> Page<AuditEntry>
    /// Records that `actor` read request `id` in full (the firm's contact and credit code) at `at`.
    func recordRead(ofRequest id: String, actor: String, at: Date) async throws
    /// Records that `actor` downloaded the work ledger of `query` at `at` (entity `ledger`, id `from/to` or `from/to@station`).
    func recordLedgerExport(_ query: LedgerQuery, actor: String, at: Date) async throws
}

extension LedgerQuery {
    /// How the audit names the export: `2026-11-01/2026-12-01`, with `@station` when it was one station's.
    public var auditID: String {
        let calendar = WorkingCalendar.china
        return "\(calendar.civilDay(of: from))/\(calendar.civilDay(of: to))" + (station.map { "@\($0)" } ?? "")
    }
}
