import Foundation
import OnestopStore
import PostgresNIO

/// Moves an embedded deployment to PostgreSQL: every table of the source (the SQLite store), row for row, into
/// an empty PostgreSQL database, in one transaction (all or nothing). Both schemas are brought up to date first,
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

    /// Copies everything from `source` to the empty database at `location`.
    /// Rows go over as they are stored: endpoints' sealed secrets stay sealed under `dataKey`.
    public static func copy(from source: some TableSource, to location: PostgresLocation, dataKey: DataKey? = nil) async throws -> [TableCount] {
        let target = try await PostgresStore(location: location, maximumConnections: 2, dataKey: dataKey)
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
                let rows = try await source.rows(of: table, columns: columns.map(\.name))
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

    struct Column: Decodable {
        var name: String
        var type: String
    }

    static func columns(of table: String, _ connection: PostgresConnection) async throws -> [Column] {
        try await connection.records("""
            SELECT json_build_object('name', column_name, 'type', data_type)::text FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(table) ORDER BY ordinal_position
            """, as: Column.self)
    }

    static func insert(_ rows: ArraySlice<[CellValue]>, into table: String, columns: [Column], _ connection: PostgresConnection) async throws {
        var binds = PostgresBindings()
        var tuples: [String] = []
        for row in rows {
            var placeholders: [String] = []
            for (index, column) in columns.enumerated() {
                let value = row[index]
                switch column.type {
                case "bigint", "integer":
                    try binds.append(value.integer)
                case "double precision":
                    try binds.append(value.real)
                case "boolean":
                    try binds.append(value.integer.map { $0 != 0 })
                case "bytea":
                    try binds.append(value.bytes.map { Data($0) })
                default:
                    try binds.append(value.text.map(StorableText.clean))
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

extension CellValue {
    /// The value as a PostgreSQL column of each kind takes it; nil for null.
    fileprivate var integer: Int64? {
        switch self {
        case .integer(let number): number
        case .real(let number): Int64(exactly: number)
        case .text(let text): Int64(text)
        case .null, .blob: nil
        }
    }

    fileprivate var real: Double? {
        switch self {
        case .integer(let number): Double(number)
        case .real(let number): number
        case .text(let text): Double(text)
        case .null, .blob: nil
        }
    }

    fileprivate var text: String? {
        switch self {
        case .text(let text): text
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .null: nil
        }
    }

    fileprivate var bytes: [UInt8]? {
        switch self {
        case .blob(let bytes): bytes
        case .text(let text): Array(text.utf8)
        case .null, .integer, .real: nil
        }
    }
}
