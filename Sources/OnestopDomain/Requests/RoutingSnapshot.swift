/// The catalog and the current load, as routing needs them.
public struct RoutingSnapshot: Sendable {
    public var stations: [Station]
    public var services: [Service]
    public var categories: [Category]
    public var regions: [Region]
    /// Open assigned requests per station.
    public var openRequests: [String: Int]

    public init(stations: [Station], services: [Service], categories: [Category], regions: [Region], openRequests: [String: Int] = [:]) {
        self.stations = stations
        self.services = services
        self.categories = categories
        self.regions = regions
        self.openRequests = openRequests
    }
}
