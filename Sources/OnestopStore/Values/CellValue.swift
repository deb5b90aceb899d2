/// One stored value as it leaves its database, in the few kinds every SQL database has.
public enum CellValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}
