import Foundation

/// An endpoint's rate limit as sliding windows over the times of its sends: at most `perMinute` in any
/// minute and `perSecond` in any second, with a margin on each window for the time a message takes to
/// reach the platform.
///
/// Sliding windows rather than a refilling bucket: a bucket of 20 refilled at 20 a minute lets up to 39
/// through in the first minute after a quiet spell, and DingTalk blocks a robot for ten minutes for that.
/// Sends are reserved in order, never before the last one, so concurrent senders never overshoot.
public struct RateWindow: Sendable, Equatable {
    public let rate: EndpointRate
    /// The length of a minute, shortened only by tests.
    public let minute: Duration
    /// Reserved send times within the longest window, oldest first.
    public private(set) var sent: [Date]
    /// Nothing is sent before this: the platform said the endpoint sent too much.
    public private(set) var pausedUntil: Date?

    public init(rate: EndpointRate, minute: Duration = .seconds(60), sent: [Date] = [], pausedUntil: Date? = nil) {
        self.rate = rate
        self.minute = minute
        self.sent = sent.sorted()
        self.pausedUntil = pausedUntil
    }

    private var windows: [(count: Int, length: TimeInterval)] {
        var windows: [(Int, TimeInterval)] = []
        // A second more than a minute, a tenth more than a second: what arrives late still fits.
        if let perMinute = rate.perMinute { windows.append((max(perMinute, 1), Self.seconds(minute) + 1)) }
        if let perSecond = rate.perSecond { windows.append((max(perSecond, 1), 1.1)) }
        return windows
    }

    /// How far back sends matter.
    public var span: TimeInterval { windows.map(\.length).max() ?? 0 }

    /// How many of the latest sends matter.
    public var depth: Int { windows.map(\.count).max() ?? 0 }

    /// The earliest time at or after `now` that a send keeps within every window.
    public func earliest(from now: Date) -> Date {
        var time = max(now, pausedUntil ?? now, sent.last ?? now)
        for window in windows where sent.count >= window.count {
            time = max(time, sent[sent.count - window.count].addingTimeInterval(window.length))
        }
        return time
    }

    /// How many sends fit right now without waiting.
    public func available(at now: Date) -> Int {
        if let pausedUntil, pausedUntil > now { return 0 }
        if let last = sent.last, last > now { return 0 }
        var room = Int.max
        for window in windows {
            let recent = sent.reversed().prefix { $0 > now.addingTimeInterval(-window.length) }.count
            room = min(room, max(0, window.count - recent))
        }
        return room
    }

    /// When a send could next be made; nil when one could be made now.
    public func nextOpening(after now: Date) -> Date? {
        let time = earliest(from: now)
        return time > now ? time : nil
    }

    /// Takes the earliest slot at or after `now` and returns it.
    @discardableResult
    public mutating func reserve(from now: Date) -> Date {
        let time = earliest(from: now)
        let horizon = time.addingTimeInterval(-span)
        sent.removeAll { $0 < horizon }
        sent.append(time)
        return time
    }

    /// Sends nothing until `until`.
    public mutating func pause(until: Date) {
        pausedUntil = max(pausedUntil ?? until, until)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (whole, fraction) = duration.components
        return Double(whole) + Double(fraction) / 1e18
    }
}
