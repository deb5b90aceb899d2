import Synchronization

/// How many connections are open, against the most allowed at once; shared by every event loop.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes a place for a new connection, or answers false when all are taken.
    func enter() -> Bool {
        if open.add(1, ordering: .relaxed).newValue <= maximum { return true }
        open.subtract(1, ordering: .relaxed)
        return false
    }

    func leave() {
        open.subtract(1, ordering: .relaxed)
    }
}
