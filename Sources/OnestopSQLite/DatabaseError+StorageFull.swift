import GRDB
import OnestopStore

extension DatabaseError: StorageFullSignal {
    public var isStorageFull: Bool { resultCode == .SQLITE_FULL }
}
