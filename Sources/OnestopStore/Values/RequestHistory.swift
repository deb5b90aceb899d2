import Foundation
import OnestopDomain

/// A request as it stands, its timeline and its routing record, all as of one moment.
public struct RequestHistory: Sendable, Equatable {
    public var stored: StoredServiceRequest
    /// Oldest first, internal notes included.
    public var timeline: [RequestEvent]
    /// Oldest first.
    public var routing: [RoutingRecord]
    /// The firm's evaluation, once it has evaluated.
    public var evaluation: Evaluation?

    public init(stored: StoredServiceRequest, timeline: [RequestEvent], routing: [RoutingRecord], evaluation: Evaluation? = nil) {
        self.stored = stored
        self.timeline = timeline
        self.routing = routing
        self.evaluation = evaluation
    }
}
