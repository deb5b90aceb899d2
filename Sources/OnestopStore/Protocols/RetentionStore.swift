import Foundation

/// Removing what has served its purpose (``RetentionPolicy``), in small transactions.
public protocol RetentionStore: Sendable {
    /// Removes, as of `now`, every row the policy says has served its purpose, and returns how many of each.
    func removeExpired(_ policy: RetentionPolicy, now: Date) async throws -> RetentionOutcome
}
