import OnestopDomain
import Synchronization

/// The search index of one process, the catalog version it was built from, and the build under way,
/// so that requests arriving while the index is stale wait for one build instead of each starting one.
package final class SearchIndexCache: Sendable {
    package init() {}

    package typealias Build = Task<(version: Int64, index: CatalogSearchIndex), any Error>

    private struct State {
        package var current: (version: Int64, index: CatalogSearchIndex)?
        package var building: (version: Int64, task: Build)?
    }

    private let state = Mutex(State())

    /// The index for catalog `version`, building it (once, however many ask) when the one held is older.
    package func index(at version: Int64, build: @escaping @Sendable () async throws -> (version: Int64, index: CatalogSearchIndex)) async throws -> CatalogSearchIndex {
        let task: Build = state.withLock { state in
            if let building = state.building, building.version >= version { return building.task }
            let task = Build { try await build() }
            state.building = (version, task)
            return task
        }
        let built = try await task.value
        state.withLock { state in
            if state.current == nil || state.current!.version < built.version { state.current = built }
            if state.building?.version == version { state.building = nil }
        }
        return built.index
    }

    package func index(at version: Int64) -> CatalogSearchIndex? {
        state.withLock { state in state.current?.version == version ? state.current?.index : nil }
    }
}
