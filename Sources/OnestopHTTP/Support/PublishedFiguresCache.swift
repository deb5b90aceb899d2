import Foundation
import OnestopDomain
import OnestopStore

/// The published figures of every station, computed in one pass over the last 12 months and kept for
/// `lifetime`: the public pages are read far more often than the figures move, and one pass answers every
/// station. Readers arriving while a pass runs wait for that pass instead of starting their own.
actor PublishedFiguresCache {
    private let lifetime: TimeInterval
    private let now: @Sendable () -> Date
    private var kept: (at: Date, figures: [String: PublishedFigures])?
    private var running: Task<[String: PublishedFigures], any Error>?

    init(lifetime: TimeInterval = 600, now: @escaping @Sendable () -> Date = Date.init) {
        self.lifetime = lifetime
        self.now = now
    }

    /// The figures of `station`, as of at most `lifetime` ago; nil for a station the catalog does not have.
    func figures(of station: String, store: some CatalogStore & RequestStore) async throws -> PublishedFigures? {
        let moment = now()
        if let kept, moment.timeIntervalSince(kept.at) < lifetime { return kept.figures[station] }
        let pass = running ?? Task { try await Self.compute(store, at: moment) }
        running = pass
        defer { running = nil }
        let figures = try await pass.value
        kept = (moment, figures)
        return figures[station]
    }

    private static func compute(_ store: some CatalogStore & RequestStore, at moment: Date) async throws -> [String: PublishedFigures] {
        let period = PublishedFigures.period(endingAt: moment)
        let statistics = try await store.requestStatistics(StatisticsQuery(from: period.from, to: period.to), now: moment)
        let rows = Dictionary(statistics.assessment.byStation.map { ($0.key, $0.figures) }, uniquingKeysWith: { first, _ in first })
        let stations = try await store.stations(includeRetired: false)
        return Dictionary(stations.map { station in
            (station.id, PublishedFigures(station: station, figures: rows[station.id] ?? AssessmentFigures(), from: period.from, to: period.to))
        }, uniquingKeysWith: { first, _ in first })
    }
}
