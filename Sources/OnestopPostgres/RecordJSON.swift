import Foundation
import Logging
import OnestopDomain
import OnestopStore
import PostgresNIO

/// Records as a JSON array, for `json_populate_recordset`: a table's rows written in one statement.
enum RecordJSON {
    static func array<R: Encodable>(_ records: [R]) throws -> String {
        String(decoding: try JSONEncoder().encode(records), as: UTF8.self)
    }
}
