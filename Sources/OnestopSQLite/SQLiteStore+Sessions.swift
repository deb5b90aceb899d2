import Foundation
import GRDB
import OnestopDomain
import OnestopStore

extension SQLiteStore: SessionStore {
    public func openSession(keyID: String, now: Date, expiresAt: Date) async throws -> String {
        let token = ConsoleSessionToken.generate()
        let hash = AccessToken.hash(token)
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE expires_at <= ?", arguments: [Milliseconds.from(now)])
            try db.execute(
                sql: "INSERT INTO console_session (token_hash, key_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [hash, keyID, Milliseconds.from(now), Milliseconds.from(expiresAt)])
        }
        return token
    }

    public func session(token: String, now: Date) async throws -> ConsoleSession? {
        guard ConsoleSessionToken.isWellFormed(token) else { return nil }
        let hash = AccessToken.hash(token)
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT access_key.*, console_session.expires_at AS session_expires_at
                FROM console_session JOIN access_key ON access_key.id = console_session.key_id
                WHERE console_session.token_hash = ? AND console_session.expires_at > ? AND access_key.revoked_at IS NULL
                """), arguments: [hash, Milliseconds.from(now)])
            else { return nil }
            return ConsoleSession(key: try AccessKeyRecord(row: row).key, expiresAt: Milliseconds.date(row["session_expires_at"]))
        }
    }

    public func closeSession(token: String) async throws {
        let hash = AccessToken.hash(token)
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE token_hash = ?", arguments: [hash])
        }
    }
}
