/// How far SQLite goes before it calls a commit done (`PRAGMA synchronous`), in WAL mode.
public enum SQLiteSynchronous: String, Sendable, CaseIterable {
    /// Every commit is on the disk before it is answered: a power cut or a kernel crash loses nothing that was
    /// answered. The default.
    case full
    /// The WAL is synced only at checkpoints: a crash of onestop loses nothing, but a power cut or a kernel crash
    /// can lose the last commits, requests answered 201 among them, and their numbers are then given again.
    case normal

    var pragma: String {
        switch self {
        case .full: "PRAGMA synchronous = FULL"
        case .normal: "PRAGMA synchronous = NORMAL"
        }
    }
}
