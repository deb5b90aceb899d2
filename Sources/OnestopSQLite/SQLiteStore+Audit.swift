import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: AuditStore {
    public func auditEntries(_ query: AuditQuery) async throws -> Page<AuditEntry> {
        try await writer.read { db in
            var request = AuditRecord.all()
            if let entity = query.entity { request = request.filter(AuditRecord.Columns.entity == entity.rawValue) }
            if let id = query.entityID { request = request.filter(AuditRecord.Columns.entityId == id) }
            let total = try request.fetchCount(db)
            let records = try request.order(AuditRecord.Columns.id.desc)
                .limit(query.page.perPage, offset: query.page.offset)
                .fetchAll(db)
            return Page(items: records.map(\.entry), total: total, page: query.page.page, perPage: query.page.perPage)
        }
    }

    public func recordRead(ofRequest id: String, actor: String, at: Date) async throws {
        try await writer.write { db in
            try Self.write(db, audit: .request, id: id, action: .read, changes: [], actor: actor, at: at)
        }
    }

    public func recordLedgerExport(_ query: LedgerQuery, actor: String, at: Date) async throws {
        try await writer.write { db in
            try Self.write(db, audit: .ledger, id: query.auditID, action: .read, changes: [], actor: actor, at: at)
        }
    }
}
