/// An error a store throws when its database refuses a write for want of space (SQLite's `SQLITE_FULL`,
/// PostgreSQL's `53100 disk_full`): the write was rolled back whole, and the same write can succeed once
/// space returns.
public protocol StorageFullSignal: Error {
    var isStorageFull: Bool { get }
}
