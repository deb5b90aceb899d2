import Foundation
import OnestopStore
import PostgresNIO

extension PostgresStore {
    /// Verifies the database at `location` without changing it, in one read-only snapshot: every table of its
    /// schema counted, no constraint left unvalidated, and the schema's migrations. PostgreSQL keeps its own
    /// pages and foreign keys checked as it writes; what this adds is that everything onestop needs is there
    /// and readable.
    public static func check(location: PostgresLocation) async throws -> DatabaseCheck {
        let pool = PostgresPool(configuration: location.configuration(maximumConnections: 1))
        return try await connecting(to: location) {
            try await pool.rolledBack { connection in
                try await connection.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                var problems: [String] = []
                let names = try await connection.all(
                    "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename", as: String.self)
                var tables: [DatabaseCheck.Table] = []
                for name in names {
                    let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    let rows = try await connection.first(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(quoted)"), as: Int64.self) ?? 0
                    tables.append(.init(name: name, rows: Int(rows)))
                }
                let unvalidated = try await connection.all("""
                    SELECT conrelid::regclass::text || ' ' || conname::text FROM pg_constraint
                    WHERE NOT convalidated AND connamespace = current_schema()::regnamespace
                    """, as: String.self)
                problems += unvalidated.map { "constraint not validated: \($0)" }
                let applied = names.contains("onestop_migration")
                    ? try await connection.all("SELECT name FROM onestop_migration ORDER BY name", as: String.self) : []
                problems += DatabaseCheck.migrationProblems(known: migrationNames, applied: applied)
                return DatabaseCheck(tables: tables, problems: problems)
            }
        }
    }
}
