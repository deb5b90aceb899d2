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
    /// The id of the caseworker named (within the station, when one is given too).
    public var caseworker: String?
    /// Only requests past their promised day and not finished, as of this day.
    public var overdueOn: CivilDay?
    /// Received at or after.
    public var from: Date?
    /// Received before.
    public var to: Date?
    public var page: PageRequest

    public init(station: String? = nil, status: RequestStatus? = nil, region: String? = nil, category: String? = nil,
                caseworker: String? = nil, overdueOn: CivilDay? = nil, from: Date? = nil, to: Date? = nil, page: PageRequest = PageRequest()) {
        self.caseworker = caseworker
        self.overdueOn = overdueOn
        self.station = station
        self.status = status
        self.region = region
        self.category = category
        self.from = from
        self.to = to
        self.page = page
    }
}
