import Foundation
import OnestopDomain

/// The outbox's state for monitoring.
public struct DeliveryGauges: Sendable, Equatable {
    /// Pending deliveries, due or not.
    public var pending: Int
    /// Pending deliveries already due (of enabled endpoints).
    public var due: Int
    /// How long the oldest due delivery has waited, in seconds; 0 when none is due.
    public var oldestDueAge: Double
    public var disabledEndpoints: Int
    public var failed: Int

    public init(pending: Int, due: Int, oldestDueAge: Double, disabledEndpoints: Int, failed: Int) {
        self.pending = pending
        self.due = due
        self.oldestDueAge = oldestDueAge
        self.disabledEndpoints = disabledEndpoints
        self.failed = failed
    }
}
