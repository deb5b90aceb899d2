import Foundation

/// When to try a delivery again: the first attempt at once, then after each delay in turn, each
/// stretched or shrunk by up to `jitter` so that many failures do not retry in lockstep.
public struct RetrySchedule: Sendable, Equatable {
    /// The waits before attempts 2, 3, …; the delivery fails after `delays.count + 1` attempts.
    public var delays: [Duration]
    public var jitter: Double

    public init(delays: [Duration], jitter: Double = 0.2) {
        self.delays = delays
        self.jitter = jitter
    }

    /// Standard Webhooks' example schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.
    public static let standard = RetrySchedule(delays: [
        .seconds(5), .seconds(5 * 60), .seconds(30 * 60), .seconds(2 * 3600), .seconds(5 * 3600), .seconds(10 * 3600), .seconds(10 * 3600),
    ])

    public var maxAttempts: Int { delays.count + 1 }

    /// The wait after attempt number `attempts` (1 for the first) failed; nil when it was the last.
    /// `unit` is a random number in [0, 1) choosing the jitter.
    public func delay(afterAttempt attempts: Int, unit: Double) -> Duration? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        let factor = 1 + jitter * (2 * unit - 1)
        return delays[attempts - 1] * factor
    }

    /// Reads `5s,5m,30m,2h` (units ms, s, m, h).
    public init?(parsing text: String, jitter: Double = 0.2) {
        var delays: [Duration] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
            guard let (suffix, scale) = units.first(where: { item.hasSuffix($0.0) }),
                let number = Double(item.dropLast(suffix.count)), number >= 0
            else { return nil }
            delays.append(.milliseconds(Int64((number * scale * 1000).rounded())))
        }
        guard !delays.isEmpty else { return nil }
        self.init(delays: delays, jitter: jitter)
    }
}
