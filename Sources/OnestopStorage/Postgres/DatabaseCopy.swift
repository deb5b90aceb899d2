import Foundation
import GRDB
import PostgresNIO

/// Moves an embedded deployment to PostgreSQL: every table of the SQLite file, row for row, into an empty
/// PostgreSQL database, in one transaction (all or nothing). Both schemas are brought up to date first,
/// so the columns match by name; each value is converted to the PostgreSQL column's type.
public enum DatabaseCopy {
    /// Rows per table in the source and in the target after the copy.
    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var source: Int
        public var target: Int
    }

    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Copies everything from the SQLite file at `path` to the empty database at `location`.
    public static func copy(fromSQLite path: String, to location: PostgresLocation) async throws -> [TableCount] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Refusal(description: "找不到 SQLite 数据库文件 \(path) (no SQLite database at \(path))")
        }
        let source = try SQLiteStore(path: path)
        let target = try await PostgresStore(location: location, maximumConnections: 2)
        return try await target.pool.transaction { connection in
            let occupied = try await connection.first("""
                SELECT EXISTS (SELECT 1 FROM station) OR EXISTS (SELECT 1 FROM service_request) OR EXISTS (SELECT 1 FROM access_key)
                """, as: Bool.self) ?? false
            guard !occupied else {
                throw Refusal(description: "目标数据库不是空的，未复制任何内容 (the target database is not empty; nothing was copied)")
            }
            try await connection.run("DELETE FROM catalog_version")
            var counts: [TableCount] = []
            for table in PostgresMigrations.tables {
                let columns = try await Self.columns(of: table, connection)
                let rows = try await source.writer.read { db in
                    try Row.fetchAll(db, sql: "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(table)")
                }
                for batch in stride(from: 0, to: rows.count, by: 500) {
                    try await insert(rows[batch..<min(batch + 500, rows.count)], into: table, columns: columns, connection)
                }
                if columns.contains(where: { $0.name == "id" && $0.type == "bigint" }) {
                    try await connection.run(PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(max(id), 0) + 1, false) FROM \(table)
                        """))
                }
                let copied = try await connection.first(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)"), as: Int.self) ?? 0
                counts.append(TableCount(table: table, source: rows.count, target: copied))
            }
            try await PostgresStore.addLoadRows(connection)
            if let short = counts.first(where: { $0.source != $0.target }) {
                throw Refusal(description: "表 \(short.table) 复制后行数不符 (\(short.source) → \(short.target))，已全部撤销 (row counts differ; nothing was copied)")
            }
            return counts
        }
    }

    struct Column {
        var name: String
        var type: String
    }

    static func columns(of table: String, _ connection: PostgresConnection) async throws -> [Column] {
        var columns: [Column] = []
        let rows = try await connection.query("""
            SELECT column_name::text, data_type::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """, logger: PostgresPool.logger)
        for try await (name, type) in rows.decode((String, String).self) {
            columns.append(Column(name: name, type: type))
        }
        return columns
    }

    static func insert(_ rows: ArraySlice<Row>, into table: String, columns: [Column], _ connection: PostgresConnection) async throws {
        var binds = PostgresBindings()
        var tuples: [String] = []
        for row in rows {
            var placeholders: [String] = []
            for (index, column) in columns.enumerated() {
                switch column.type {
                case "bigint", "integer":
                    try binds.append(row[index] as Int64?)
                case "double precision":
                    try binds.append(row[index] as Double?)
                case "boolean":
                    try binds.append((row[index] as Int64?).map { $0 != 0 })
                case "bytea":
                    try binds.append(row[index] as Data?)
                default:
                    try binds.append((row[index] as String?).map(StorableText.clean))
                }
                let cast = column.type == "jsonb" ? "::jsonb" : column.type == "integer" ? "::integer" : ""
                placeholders.append("$\(binds.count)\(cast)")
            }
            tuples.append("(" + placeholders.joined(separator: ", ") + ")")
        }
        try await connection.run(PostgresQuery(unsafeSQL: """
            INSERT INTO \(table) (\(columns.map(\.name).joined(separator: ", "))) VALUES \(tuples.joined(separator: ", "))
            """, binds: binds))
    }
}
