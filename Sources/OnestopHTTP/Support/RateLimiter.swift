import Synchronization

/// A token bucket per client: `burst` requests at once, refilled at `perMinute`.
/// A client that runs dry is told how many seconds until it may try again.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    public let perMinute: Int
    public let burst: Int
    private let buckets = Mutex<[String: Bucket]>([:])
    private static let maxClients = 100_000

    /// - Parameter perMinute: 0 turns the limit off.
    public init(perMinute: Int, burst: Int? = nil) {
        self.perMinute = perMinute
        self.burst = burst ?? max(perMinute, 1)
    }

    /// Takes one token for `client`; nil when allowed, otherwise the seconds to wait.
    public func take(for client: String, at now: ContinuousClock.Instant = .now) -> Int? {
        guard perMinute > 0 else { return nil }
        let rate = Double(perMinute) / 60
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: Double(burst), updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(burst), bucket.tokens + max(0, seconds) * rate)
            bucket.updated = now
            if buckets.count >= Self.maxClients && buckets[client] == nil {
                // Forget the clients whose buckets are full again: they are no different from new ones.
                buckets = buckets.filter { $0.value.tokens + Double((now - $0.value.updated).components.seconds) * rate < Double(burst) }
            }
            guard bucket.tokens >= 1 else {
                buckets[client] = bucket
                return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[client] = bucket
            return nil
        }
    }
}
