import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: KeyStore {
    public func createKey(role: AccessKey.Role, name: String, station: String?, actor: String) async throws -> (key: AccessKey, token: String) {
        let (record, token) = try AccessKeyRecord.new(role: role, name: name, station: station)
        try await pool.transaction { connection in
            if let station, try await connection.first("SELECT 1 FROM station WHERE id = \(station)", as: Int.self) == nil {
                throw StoreError.unknownStation(station)
            }
            try await connection.run("""
                INSERT INTO access_key (id, role, station_id, name, prefix, token_hash, created_at)
                VALUES (\(record.id), \(record.role), \(record.stationId), \(record.name), \(record.prefix), \(record.tokenHash), \(record.createdAt))
                """)
            try await Self.insertAudits([record.creationAudit(actor: actor)], connection)
        }
        return (record.key, token)
    }

    public func authenticate(token: String) async throws -> AccessKey? {
        guard token.hasPrefix(AccessToken.scheme), token.count < 200 else { return nil }
        let hash = AccessToken.hash(token)
        return try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM access_key t WHERE token_hash = \(hash)", as: AccessKeyRecord.self).first
        }.flatMap { $0.revokedAt == nil ? $0.key : nil }
    }

    public func keys() async throws -> [AccessKey] {
        try await pool.read { connection in
            try await connection.records("SELECT row_to_json(t)::text FROM access_key t ORDER BY created_at", as: AccessKeyRecord.self).map(\.key)
        }
    }

    public func revokeKey(id: String, actor: String) async throws -> AccessKey? {
        try await pool.transaction { connection in
            guard var record = try await connection.records(
                "SELECT row_to_json(t)::text FROM access_key t WHERE id = \(id) FOR UPDATE", as: AccessKeyRecord.self).first
            else { return nil }
            if record.revokedAt == nil {
                let now = Milliseconds.now()
                record.revokedAt = Milliseconds.from(now)
                try await connection.run("UPDATE access_key SET revoked_at = \(record.revokedAt) WHERE id = \(id)")
                try await Self.insertAudits([AuditRecord(.key, id, .revoke, changes: [], actor: actor, at: now)], connection)
            }
            return record.key
        }
    }
}
