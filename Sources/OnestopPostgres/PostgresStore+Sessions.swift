import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

extension PostgresStore: SessionStore {
    public func openSession(keyID: String, now: Date, expiresAt: Date) async throws -> String {
        let token = ConsoleSessionToken.generate()
        let hash = AccessToken.hash(token)
        try await pool.transaction { connection in
            try await connection.run("DELETE FROM console_session WHERE expires_at <= \(Milliseconds.from(now))")
            try await connection.run("""
                INSERT INTO console_session (token_hash, key_id, created_at, expires_at)
                VALUES (\(hash), \(keyID), \(Milliseconds.from(now)), \(Milliseconds.from(expiresAt)))
                """)
        }
        return token
    }

    public func session(token: String, now: Date) async throws -> ConsoleSession? {
        guard ConsoleSessionToken.isWellFormed(token) else { return nil }
        let hash = AccessToken.hash(token)
        return try await pool.read { connection in
            try await connection.records("""
                SELECT (to_jsonb(k) || jsonb_build_object('session_expires_at', s.expires_at))::text
                FROM console_session s JOIN access_key k ON k.id = s.key_id
                WHERE s.token_hash = \(hash) AND s.expires_at > \(Milliseconds.from(now)) AND k.revoked_at IS NULL
                """, as: KeyedSessionRecord.self).first.map { ConsoleSession(key: $0.key.key, expiresAt: Milliseconds.date($0.expiresAt)) }
        }
    }

    public func closeSession(token: String) async throws {
        let hash = AccessToken.hash(token)
        try await pool.transaction { connection in
            try await connection.run("DELETE FROM console_session WHERE token_hash = \(hash)")
        }
    }
}
