/// A database read table by table, as `onestop copy` reads the one it moves from.
public protocol TableSource: Sendable {
    /// Every row of `table`, each holding the values of `columns` in that order.
    func rows(of table: String, columns: [String]) async throws -> [[CellValue]]
}

/// One stored value as it leaves its database, in the few kinds every SQL database has.
public enum CellValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
