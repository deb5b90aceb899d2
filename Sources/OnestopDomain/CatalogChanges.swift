

/// What a catalog import, or one staff edit, asks the store to make true.
///
/// Upserts carry the entity's wanted state; the store compares it with what it holds, inside the
/// transaction, so that each audit entry records the real old and new values.
public struct CatalogChanges: Sendable, Equatable {
    public var regions: [Region]
    public var categories: [Category]
    public var stations: [Station]
    public var services: [Service]
    /// Calendar years to add or replace, whole.
    public var calendar: [CalendarYear]
    /// Stations to retire when they are not already retired.
    public var retireStations: [String]
    /// Services to retire when they are not already retired.
    public var retireServices: [String]
    /// Whether the order of the lists is the catalog's order (an import); otherwise entries keep their places
    /// and new ones go last.
    public var ordered: Bool
    /// Whether every station and service given must be new: one that exists already refuses the whole change,
    /// decided in the store's transaction, rather than being updated.
    public var onlyNew: Bool

    public init(
        regions: [Region] = [], categories: [Category] = [], stations: [Station] = [], services: [Service] = [], calendar: [CalendarYear] = [],
        retireStations: [String] = [], retireServices: [String] = [], ordered: Bool = false, onlyNew: Bool = false
    ) {
        self.onlyNew = onlyNew
        self.regions = regions
        self.categories = categories
        self.stations = stations
        self.services = services
        self.calendar = calendar
        self.retireStations = retireStations
        self.retireServices = retireServices
        self.ordered = ordered
    }

    /// Makes the store hold exactly `catalog`: everything in it upserted, stations and services the
    /// store has but the catalog lacks retired (never deleted).
    public static func replacing(_ current: Catalog, with catalog: Catalog) -> CatalogChanges {
        let wantedStations = Set(catalog.stations.map(\.id))
        let wantedServices = Set(catalog.services.map(\.code))
        return CatalogChanges(
            regions: catalog.regions,
            categories: catalog.categories,
            stations: catalog.stations,
            services: catalog.services,
            calendar: catalog.calendar,
            retireStations: current.stations.filter { !wantedStations.contains($0.id) && $0.status != .retired }.map(\.id),
            retireServices: current.services.filter { !wantedServices.contains($0.code) && $0.status != .retired }.map(\.code),
            ordered: true
        )
    }
}
