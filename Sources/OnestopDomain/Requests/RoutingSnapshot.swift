/// The catalog and the current load, as routing needs them.
public struct RoutingSnapshot: Sendable {
    public var stations: [Station]
    public var services: [Service]
    public var categories: [Category]
    public var regions: [Region]
    /// Open assigned requests per station.
    public var openRequests: [String: Int]
    /// How deadlines are counted.
    public var calendar: WorkingCalendar

    public init(stations: [Station], services: [Service], categories: [Category], regions: [Region], openRequests: [String: Int] = [:],
                calendar: WorkingCalendar = .china) {
        self.calendar = calendar
        self.stations = stations
        self.services = services
        self.categories = categories
        self.regions = regions
        self.openRequests = openRequests
    }
}
