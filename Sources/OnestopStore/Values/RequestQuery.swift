import Foundation
import OnestopDomain

/// Which requests to list. Every filter narrows the list (AND).
public struct RequestQuery: Sendable, Equatable {
    public var station: String?
    public var status: RequestStatus?
    /// The firm's region; regions below it count too.
    public var region: String?
    /// The requested category, or the category of the requested service; subcategories count too.
    public var category: String?
    /// Received at or after.
    public var from: Date?
    /// Received before.
    public var to: Date?
    public var page: PageRequest

    public init(station: String? = nil, status: RequestStatus? = nil, region: String? = nil, category: String? = nil,
                from: Date? = nil, to: Date? = nil, page: PageRequest = PageRequest()) {
        self.station = station
        self.status = status
        self.region = region
        self.category = category
        self.from = from
        self.to = to
        self.page = page
    }
}
