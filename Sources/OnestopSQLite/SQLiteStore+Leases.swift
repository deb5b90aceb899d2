import Foundation
import GRDB
import OnestopStore

extension SQLiteStore: LeaseStore {
    public func holdLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool {
        try await writer.write { db in
            try String.fetchOne(db, sql: """
                INSERT INTO periodic_lease (name, holder, until) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
                WHERE periodic_lease.holder = excluded.holder OR periodic_lease.until <= ?
                RETURNING holder
                """, arguments: [name, holder, Milliseconds.from(until), Milliseconds.from(now)]) == holder
        }
    }
}
