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
            let rows = try await connection.query("""
                SELECT row_to_json(k)::text, s.expires_at FROM console_session s JOIN access_key k ON k.id = s.key_id
                WHERE s.token_hash = \(hash) AND s.expires_at > \(Milliseconds.from(now)) AND k.revoked_at IS NULL
                """, logger: PostgresPool.logger)
            for try await (key, expiresAt) in rows.decode((String, Int64).self) {
                let record = try JSONDecoder().decode(AccessKeyRecord.self, from: Data(key.utf8))
                return ConsoleSession(key: record.key, expiresAt: Milliseconds.date(expiresAt))
            }
            return nil
        }
    }

    public func closeSession(token: String) async throws {
        let hash = AccessToken.hash(token)
        try await pool.transaction { connection in
            try await connection.run("DELETE FROM console_session WHERE token_hash = \(hash)")
        }
    }
}
