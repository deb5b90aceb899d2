import Foundation
import OnestopDomain

/// A request as it stands, its timeline and its routing record, all as of one moment.
public struct RequestHistory: Sendable, Equatable {
    public var stored: StoredServiceRequest
    /// Oldest first, internal notes included.
    public var timeline: [RequestEvent]
    /// Oldest first.
    public var routing: [RoutingRecord]

    public init(stored: StoredServiceRequest, timeline: [RequestEvent], routing: [RoutingRecord]) {
        self.stored = stored
        self.timeline = timeline
        self.routing = routing
    }
}
