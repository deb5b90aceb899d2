import OnestopDomain
import OnestopStore
import Synchronization

/// Regions, categories and stations as of a catalog version, so that a page reads them once per catalog change.
final class ReferenceDataCache: Sendable {
    struct Data: Sendable {
        var regions: [Region]
        var categories: [Category]
        /// Every station, retired ones included, for names in lists.
        var stations: [Station]
        /// Every service's name in Chinese and English, by code.
        var serviceNames: [String: (zh: String, en: String?)]
        /// Every service's turnaround in working days, by code, where it states one.
        var serviceTurnaround: [String: Int]
        /// What many pages show alike, rendered once for this version.
        var fragments: PageFragments

        func serviceName(_ code: String, _ language: PageLanguage) -> String {
            serviceNames[code].map { language.pick($0.zh, $0.en) } ?? code
        }

        func stationName(_ id: String?, _ language: PageLanguage) -> String {
            guard let id else { return "" }
            return stations.first { $0.id == id }.map { language.pick($0.name, $0.nameEn) } ?? id
        }

        func regionName(_ code: String, _ language: PageLanguage) -> String {
            regions.first { $0.code == code }.map { language.pick($0.name, $0.nameEn) } ?? code
        }

        func categoryName(_ code: String, _ language: PageLanguage) -> String {
            categories.first { $0.code == code }.map { language.pick($0.name, $0.nameEn) } ?? code
        }
    }

    private let state = Mutex<(version: Int64, data: Data)?>(nil)
    private let renderer: PageRenderer

    init(renderer: PageRenderer) {
        self.renderer = renderer
    }

    func data(from store: some CatalogStore) async throws -> Data {
        let version = try await store.catalogVersion()
        if let cached = state.withLock({ $0 }), cached.version == version { return cached.data }
        let catalog = try await store.catalog()
        let data = Data(regions: catalog.regions, categories: catalog.categories, stations: catalog.stations,
                        serviceNames: Dictionary(catalog.services.map { ($0.code, (zh: $0.name, en: $0.nameEn)) }) { first, _ in first },
                        serviceTurnaround: Dictionary(catalog.services.compactMap { service in service.turnaroundDays.map { (service.code, $0) } }) { first, _ in first },
                        fragments: PageFragments(renderer: renderer, regions: catalog.regions, categories: catalog.categories, stations: catalog.stations))
        state.withLock { $0 = (version, data) }
        return data
    }
}
