import Foundation

/// How many notices one number or address may receive, as the SMS gateways count them: by default 1 a minute,
/// 5 an hour and 10 a day. Zero is no limit.
public struct NoticeLimits: Sendable, Equatable {
    public var perMinute: Int
    public var perHour: Int
    public var perDay: Int

    public init(perMinute: Int = 1, perHour: Int = 5, perDay: Int = 10) {
        self.perMinute = perMinute
        self.perHour = perHour
        self.perDay = perDay
    }

    /// The windows as (length in milliseconds, limit), the limited ones only.
    public var windows: [(span: Int64, limit: Int)] {
        [(60_000, perMinute), (3_600_000, perHour), (86_400_000, perDay)].filter { $0.limit > 0 }
    }

    /// Nil when a send at `now` keeps every limit, given the earlier sends `sent` (milliseconds, oldest first, the
    /// last day's at least); otherwise the earliest moment one would.
    public func nextAllowed(sent: [Int64], now: Int64) -> Int64? {
        var earliest: Int64?
        for window in windows {
            let inside = sent.filter { $0 > now - window.span }
            guard inside.count >= window.limit else { continue }
            // The send that must leave the window before another may enter it.
            let leaving = inside[inside.count - window.limit] + window.span
            earliest = max(earliest ?? leaving, leaving)
        }
        return earliest
    }

    /// The longest window: sends older than this no longer count.
    public var span: Int64 { windows.map(\.span).max() ?? 0 }
}
