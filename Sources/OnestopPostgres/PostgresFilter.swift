import Foundation
import OnestopDomain
import OnestopStore
import PostgresNIO

/// A `WHERE` clause built from optional filters: each one given adds a condition (AND) with its value
/// bound as the next `$n` (the condition's `?`).
struct PostgresFilter {
    private var conditions: [String] = []
    private(set) var binds = PostgresBindings()

    mutating func add<Value: PostgresEncodable & Sendable>(_ condition: String, _ value: Value?) throws {
        guard let value else { return }
        try binds.append(value)
        conditions.append(condition.replacingOccurrences(of: "?", with: "$\(binds.count)"))
    }

    /// Adds a condition whose values `bind` has bound already, naming them by the placeholders it returned.
    mutating func addBound(_ condition: String) {
        conditions.append(condition)
    }

    /// `column >= ? AND column < ?` for a [from, to) period, in the stored milliseconds.
    mutating func period(_ column: String, from: Date?, to: Date?) throws {
        try add("\(column) >= ?", from.map(Milliseconds.from))
        try add("\(column) < ?", to.map(Milliseconds.from))
    }

    /// Binds one more value and returns its placeholder, for the parts of a query after the filter.
    mutating func bind<Value: PostgresEncodable & Sendable>(_ value: Value) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    /// `LIMIT $n OFFSET $m` for one page, bound after the filter's values.
    mutating func window(_ page: PageRequest) throws -> String {
        "LIMIT \(try bind(page.perPage)) OFFSET \(try bind(page.offset))"
    }

    /// `WHERE …` (or `AND …` after an existing `WHERE`), or nothing when no filter was given.
    var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
    var andClause: String { conditions.isEmpty ? "" : "AND " + conditions.joined(separator: " AND ") }

    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
