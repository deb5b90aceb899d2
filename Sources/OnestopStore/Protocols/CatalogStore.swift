import OnestopDomain

/// The catalog: what firms search and staff maintain.
///
/// Implementations keep search served from indexes and apply every change in one transaction,
/// writing an audit entry for each entity that really changed.
public protocol CatalogStore: Sendable {
    /// The whole catalog, retired entries included, as `catalog export` writes it.
    func catalog() async throws -> Catalog
    /// Whether the store holds no station yet (a new database).
    func isCatalogEmpty() async throws -> Bool
    /// A number that changes whenever the catalog changes, in this process or any other.
    func catalogVersion() async throws -> Int64
    /// Makes the changes true in one transaction, or with `dryRun` reports what they would do and writes nothing.
    @discardableResult
    func apply(_ changes: CatalogChanges, actor: String, dryRun: Bool) async throws -> CatalogChangeSummary

    func regions() async throws -> [Region]
    func categories() async throws -> [Category]
    /// Stations in catalog order; retired ones only when asked for.
    func stations(includeRetired: Bool) async throws -> [Station]
    func station(id: String) async throws -> Station?
    /// A service with its station and category, whatever its status.
    func service(code: String) async throws -> ServiceListing?
    /// Searches and filters the catalog; ranked by where the terms matched when there is text.
    func searchServices(_ query: ServiceQuery) async throws -> Page<ServiceListing>
    /// The years of the working-day calendar, in order.
    func calendarYears() async throws -> [CalendarYear]
    /// Working days as the stored calendar counts them, read once per catalog version.
    func workingCalendar() async throws -> WorkingCalendar
}
