import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: SessionStore {
    public func openSession(keyID: String, now: Date, expiresAt: Date) async throws -> String {
        let token = ConsoleSessionToken.generate()
        let hash = AccessToken.hash(token)
        try await writer.write { db in
            try ConsoleSessionRecord.filter(ConsoleSessionRecord.Columns.expiresAt <= Milliseconds.from(now)).deleteAll(db)
            try ConsoleSessionRecord(tokenHash: hash, keyId: keyID, createdAt: Milliseconds.from(now), expiresAt: Milliseconds.from(expiresAt)).insert(db)
        }
        return token
    }

    public func session(token: String, now: Date) async throws -> ConsoleSession? {
        guard ConsoleSessionToken.isWellFormed(token) else { return nil }
        let hash = AccessToken.hash(token)
        return try await writer.read { db in
            try KeyedSessionRecord.fetchOne(db.cachedStatement(sql: """
                SELECT access_key.*, console_session.expires_at AS session_expires_at
                FROM console_session JOIN access_key ON access_key.id = console_session.key_id
                WHERE console_session.token_hash = ? AND console_session.expires_at > ? AND access_key.revoked_at IS NULL
                """), arguments: [hash, Milliseconds.from(now)]).map { ConsoleSession(key: $0.key.key, expiresAt: Milliseconds.date($0.expiresAt)) }
        }
    }

    public func closeSession(token: String) async throws {
        let hash = AccessToken.hash(token)
        try await writer.write { db in
            _ = try ConsoleSessionRecord.deleteOne(db, key: hash)
        }
    }
}
