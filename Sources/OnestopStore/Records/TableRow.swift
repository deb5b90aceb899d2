/// A record that is a row of one table, named by the record.
package protocol TableRow {
    /// The table the record is a row of.
    static var table: String { get }
}

/// A record whose `id` is the table's integer key, assigned by the database when the row is inserted.
package protocol GeneratedIDRow: TableRow {
    var id: Int64? { get set }
}
