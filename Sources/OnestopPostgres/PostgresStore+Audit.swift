import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: AuditStore {
    public func auditEntries(_ query: AuditQuery) async throws -> Page<AuditEntry> {
        try await pool.read { connection in
            let entity = query.entity?.rawValue
            let total = try await connection.first("""
                SELECT count(*) FROM audit WHERE (\(entity)::text IS NULL OR entity = \(entity)) AND (\(query.entityID)::text IS NULL OR entity_id = \(query.entityID))
                """, as: Int.self) ?? 0
            let records = try await connection.records("""
                SELECT row_to_json(t)::text FROM audit t
                WHERE (\(entity)::text IS NULL OR entity = \(entity)) AND (\(query.entityID)::text IS NULL OR entity_id = \(query.entityID))
                ORDER BY id DESC LIMIT \(query.page.perPage) OFFSET \(query.page.offset)
                """, as: AuditRecord.self)
            return Page(items: records.map(\.entry), total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    public func recordRead(ofRequest id: String, actor: String, at: Date) async throws {
        try await pool.transaction { connection in
            try await Self.insertAudits([AuditRecord(.request, id, .read, changes: [], actor: actor, at: at)], connection)
        }
    }

    public func recordLedgerExport(_ query: LedgerQuery, actor: String, at: Date) async throws {
        try await pool.transaction { connection in
            try await Self.insertAudits([AuditRecord(.ledger, query.auditID, .read, changes: [], actor: actor, at: at)], connection)
        }
    }
}
