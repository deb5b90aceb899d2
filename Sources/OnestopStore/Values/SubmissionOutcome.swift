import Foundation
import OnestopDomain

public enum SubmissionOutcome: Sendable, Equatable {
    /// Stored and routed; no decision only when the catalog has no active platform to fall back on,
    /// and the request waits as submitted.
    case created(StoredServiceRequest, RoutingDecision?)
    /// The same idempotency key and body as an earlier submission: nothing new was stored.
    case replayed(StoredServiceRequest)
    /// The idempotency key was used before for a different body.
    case keyReused
}
