import Synchronization

/// How many connections are open, against the most allowed at once; shared by every event loop.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)
    private let refusedTotal = Atomic<Int>(0)

    init(maximum: Int) {
        self.maximum = maximum
    }

    /// Takes a place for a new connection, or answers false (and counts a refusal) when all are taken.
    func enter() -> Bool {
        if open.add(1, ordering: .relaxed).newValue <= maximum { return true }
        open.subtract(1, ordering: .relaxed)
        refusedTotal.add(1, ordering: .relaxed)
        return false
    }

    func leave() {
        open.subtract(1, ordering: .relaxed)
    }

    /// Connections open now.
    var current: Int { open.load(ordering: .relaxed) }
    /// Connections closed on arrival since the server started.
    var refused: Int { refusedTotal.load(ordering: .relaxed) }
}
