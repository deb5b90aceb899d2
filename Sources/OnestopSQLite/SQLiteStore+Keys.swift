import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: KeyStore {
    public func createKey(role: AccessKey.Role, name: String, station: String?, actor: String) async throws -> (key: AccessKey, token: String) {
        let (record, token) = try AccessKeyRecord.new(role: role, name: name, station: station)
        try await writer.write { db in
            if let station, try StationRecord.fetchOne(db, key: station) == nil {
                throw StoreError.unknownStation(station)
            }
            try record.insert(db)
            var audit = record.creationAudit(actor: actor)
            try audit.insert(db)
        }
        return (record.key, token)
    }

    public func authenticate(token: String) async throws -> AccessKey? {
        guard token.hasPrefix(AccessToken.scheme), token.count < 200 else { return nil }
        let hash = AccessToken.hash(token)
        return try await writer.read { db in
            try AccessKeyRecord.filter(AccessKeyRecord.Columns.tokenHash == hash).fetchOne(db)
        }.flatMap { $0.revokedAt == nil ? $0.key : nil }
    }

    public func keys() async throws -> [AccessKey] {
        try await writer.read { db in
            try AccessKeyRecord.order(AccessKeyRecord.Columns.createdAt).fetchAll(db).map(\.key)
        }
    }

    public func revokeKey(id: String, actor: String) async throws -> AccessKey? {
        try await writer.write { db in
            guard var record = try AccessKeyRecord.fetchOne(db, key: id) else { return nil }
            if record.revokedAt == nil {
                let now = Milliseconds.now()
                record.revokedAt = Milliseconds.from(now)
                try record.update(db)
                try Self.write(db, audit: .key, id: id, action: .revoke, changes: [], actor: actor, at: now)
            }
            return record.key
        }
    }
}

