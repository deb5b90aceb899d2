import GRDB
import OnestopStore

extension SQLiteStore: TableSource {
    public func rows(of table: String, columns: [String]) async throws -> [[CellValue]] {
        try await writer.read { db in
            let quoted = columns.map { $0.quotedDatabaseIdentifier }.joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT \(quoted) FROM \(table.quotedDatabaseIdentifier)").map { row in
                row.databaseValues.map { value in
                    switch value.storage {
                    case .null: .null
                    case .int64(let number): .integer(number)
                    case .double(let number): .real(number)
                    case .string(let text): .text(text)
                    case .blob(let data): .blob(Array(data))
                    }
                }
            }
        }
    }
}
