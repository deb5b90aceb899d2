import Foundation
import Synchronization

/// Whether the database has lately refused writes for want of space, as the server saw it: `/readyz` answers
/// 503 while a refusal is recent, so that a load balancer sends firms elsewhere, and ready again once writes
/// have not been refused for `window` (the next refused write, if space has not returned, marks it again).
final class StorageHealth: Sendable {
    private let lastRefusal = Mutex<ContinuousClock.Instant?>(nil)
    let window: Duration

    init(window: Duration = .seconds(30)) {
        self.window = window
    }

    func markFull() {
        lastRefusal.withLock { $0 = .now }
    }

    var isFull: Bool {
        lastRefusal.withLock { last in last.map { $0.duration(to: .now) < window } ?? false }
    }
}
