import Foundation
import OnestopDomain

/// One routing decision, as kept with its request.
public struct RoutingRecord: Sendable, Equatable {
    public var at: Date
    public var decision: RoutingDecision

    public init(at: Date, decision: RoutingDecision) {
        self.at = at
        self.decision = decision
    }
}
