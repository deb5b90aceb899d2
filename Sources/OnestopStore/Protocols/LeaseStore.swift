import Foundation

/// Leases on periodic work, so that with several instances on one database each pass runs on one of them.
public protocol LeaseStore: Sendable {
    /// Takes the lease on `name` for `holder` until `until` when it is free or has run out at `now`, or
    /// extends it when `holder` holds it already; true when `holder` holds it afterwards.
    func holdLease(_ name: String, holder: String, now: Date, until: Date) async throws -> Bool
}
