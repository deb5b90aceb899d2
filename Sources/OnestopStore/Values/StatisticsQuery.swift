import Foundation

/// Which requests the statistics are taken over: those received in [from, to), narrowed by a station or a
/// caseworker when given.
public struct StatisticsQuery: Sendable, Equatable {
    public var from: Date?
    public var to: Date?
    /// Requests routed to this station at any time, so that its own row (declines and escalations included)
    /// reads the same as over every station.
    public var station: String?
    /// Requests this caseworker follows (a caseworker id, within `station` when that is given).
    public var caseworker: String?

    public init(from: Date? = nil, to: Date? = nil, station: String? = nil, caseworker: String? = nil) {
        self.from = from
        self.to = to
        self.station = station
        self.caseworker = caseworker
    }
}
