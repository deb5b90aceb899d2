import Synchronization

/// The catalog version as last read from the database, trusted for `staleness` so that a busy
/// server does not ask the database on every search. This process's own changes reset it at once.
package final class CatalogVersionWatch: Sendable {
    private struct Reading {
        package var version: Int64
        package var at: ContinuousClock.Instant
    }

    private struct State {
        package var reading: Reading?
        /// Readings that began before this may predate this process's last change.
        package var invalidatedAt: ContinuousClock.Instant?
    }

    package let staleness: Duration
    private let state = Mutex(State())

    package init(staleness: Duration) {
        self.staleness = staleness
    }

    /// The remembered version while it is fresh enough.
    package var fresh: Int64? {
        state.withLock { state in
            guard let reading = state.reading, ContinuousClock.now - reading.at < staleness else { return nil }
            return reading.version
        }
    }

    /// Remembers a version read from the database by a read that began at `instant`.
    package func remember(_ version: Int64, readAt instant: ContinuousClock.Instant) {
        state.withLock { state in
            if let invalidatedAt = state.invalidatedAt, instant < invalidatedAt { return }
            if let reading = state.reading, reading.at >= instant { return }
            state.reading = Reading(version: version, at: instant)
        }
    }

    /// Forgets the remembered version after this process changed the catalog: the next read goes to the
    /// database, and reads already under way are not remembered.
    package func invalidate() {
        state.withLock { state in
            state.reading = nil
            state.invalidatedAt = .now
        }
    }
}
