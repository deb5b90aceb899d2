import Foundation
import OnestopStore
import PostgresNIO

extension PostgresStore: LeaseStore {
    public func holdLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        try await pool.transaction { connection in
            try await connection.first("""
                INSERT INTO periodic_lease (name, holder, until) VALUES (\(name), \(holder), \(Milliseconds.from(until)))
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE periodic_lease.holder = excluded.holder OR periodic_lease.until <= \(Milliseconds.from(now))
                RETURNING holder
                """, as: String.self) == holder
        }
    }
}
