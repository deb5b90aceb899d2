/// A service with what a reader needs of its station and category, as lists and details show it.
public struct ServiceListing: Sendable, Equatable {
    public var service: Service
    public var station: StationRef
    public var category: CategoryRef

    public init(service: Service, station: StationRef, category: CategoryRef) {
        self.service = service
        self.station = station
        self.category = category
    }
}
