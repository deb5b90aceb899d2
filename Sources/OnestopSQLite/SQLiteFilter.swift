import Foundation
import GRDB
import OnestopStore

/// A `WHERE` clause built from optional filters: each one given adds a condition (AND) and its arguments.
struct SQLiteFilter {
    private var conditions: [String] = []
    private(set) var arguments: StatementArguments = []

    /// Adds `condition` with `value` for its one `?`, when there is a value.
    mutating func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
        guard let value else { return }
        conditions.append(condition)
        arguments += [value]
    }

    /// Adds `condition` with `values` for its `?`s.
    mutating func add(_ condition: String, values: [any DatabaseValueConvertible]) {
        conditions.append(condition)
        arguments += StatementArguments(values)
    }

    /// `created_at >= ? AND created_at < ?` for a [from, to) period, in the stored milliseconds.
    mutating func period(_ column: String, from: Date?, to: Date?) {
        add("\(column) >= ?", from.map(Milliseconds.from))
        add("\(column) < ?", to.map(Milliseconds.from))
    }

    /// `WHERE …`, or nothing when no filter was given.
    var clause: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
}
