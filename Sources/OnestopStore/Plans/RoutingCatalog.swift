import Foundation
import OnestopDomain
import Synchronization

/// The catalog as routing reads it, decoded once per catalog version: every submission routes against
/// it inside the write transaction, where decoding every station and service each time cost more than
/// the writes themselves.
package struct RoutingCatalog: Sendable {
    package var stations: [Station]
    package var stationsByID: [String: Station]
    package var categories: [Category]
    package var regions: [Region]
    package var servicesByCode: [String: Service]
    package var servicesByCategory: [String: [Service]]
    /// Working days as the stored calendar has them, in China Standard Time.
    package var calendar: WorkingCalendar

    package init(stations: [Station], categories: [Category], regions: [Region], services: [Service], calendar: [CalendarYear] = []) {
        self.calendar = WorkingCalendar.china.with(calendar)
        self.stations = stations
        stationsByID = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.categories = categories
        self.regions = regions
        servicesByCode = Dictionary(services.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        servicesByCategory = Dictionary(grouping: services, by: \.category)
    }

    /// The part of the catalog that routing `need` looks at, with the open requests per station.
    /// `leaving`: the station an open request is being moved from, whose load it no longer adds to.
    package func snapshot(for need: RoutingNeed, open: [String: Int], leaving: String?) -> RoutingSnapshot {
        let services: [Service]
        if let code = need.serviceCode {
            services = servicesByCode[code].map { [$0] } ?? []
        } else if let category = need.categoryCode {
            services = Catalog(categories: categories).categoryAndDescendants(category).flatMap { servicesByCategory[$0] ?? [] }
        } else {
            services = []
        }
        var open = open
        if let leaving, let count = open[leaving] {
            open[leaving] = count - 1
        }
        return RoutingSnapshot(stations: stations, services: services, categories: categories, regions: regions, openRequests: open, calendar: calendar)
    }
}
