import Foundation
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement and drains its rows.
    func run(_ query: PostgresQuery) async throws {
        let rows = try await self.query(query, logger: PostgresPool.logger)
        for try await _ in rows {}
    }

    /// Every row's single column.
    func all<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in try await self.query(query, logger: PostgresPool.logger).decode(T.self) {
            values.append(value)
        }
        return values
    }

    func first<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type) async throws -> T? {
        try await all(query, as: type).first
    }

    /// Rows read as records: the query must select one `json` column (`row_to_json(t)`), which is decoded
    /// into the same `Codable` records the SQLite store keeps.
    func records<R: Decodable>(_ query: PostgresQuery, as type: R.Type) async throws -> [R] {
        let decoder = JSONDecoder()
        var records: [R] = []
        for try await text in try await self.query(query, logger: PostgresPool.logger).decode(String.self) {
            records.append(try decoder.decode(R.self, from: Data(text.utf8)))
        }
        return records
    }
}
