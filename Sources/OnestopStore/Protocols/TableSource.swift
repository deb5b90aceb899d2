

/// A database read table by table, as `onestop copy` reads the one it moves from.
public protocol TableSource: Sendable {
    /// Every row of `table`, each holding the values of `columns` in that order.
    func rows(of table: String, columns: [String]) async throws -> [[CellValue]]
}
