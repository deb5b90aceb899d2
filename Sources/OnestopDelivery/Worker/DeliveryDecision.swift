import Foundation
import OnestopDomain
import OnestopStore

/// What follows from one attempt's answer, by the Standard Webhooks rules: any 2xx succeeds, 410 disables the
/// endpoint, everything else retries on the schedule, later when the receiver asks for it with
/// `Retry-After` and at least `backoffFloor` after 429, 503 or a time-out.
public struct DeliveryDecision: Sendable {
    public var schedule: RetrySchedule
    public var backoffFloor: Duration

    public init(schedule: RetrySchedule, backoffFloor: Duration = .seconds(60)) {
        self.schedule = schedule
        self.backoffFloor = backoffFloor
    }

    /// `attempt` counts from 1 within the current round; `unit` in [0, 1) picks the jitter.
    public func next(after response: OutboundResponse, attempt: Int, now: Date, unit: Double) -> DeliveryResult.Next {
        if let status = response.status {
            if (200..<300).contains(status) { return .succeeded }
            if status == 410 { return .endpointGone }
        }
        guard var delay = schedule.delay(afterAttempt: attempt, unit: unit) else { return .failed }
        let throttled = response.timedOut || response.status == 429 || response.status == 503
        if throttled { delay = max(delay, backoffFloor) }
        if let header = response.header("Retry-After"), let asked = Self.retryAfter(header, now: now) {
            delay = max(delay, asked)
        }
        return .retry(at: now.addingTimeInterval(delay.seconds))
    }

    /// A retry on the schedule, at least `floor` from now; `.failed` when the schedule is spent.
    public func retry(attempt: Int, now: Date, unit: Double, atLeast floor: Duration = .zero) -> DeliveryResult.Next {
        guard let delay = schedule.delay(afterAttempt: attempt, unit: unit) else { return .failed }
        return .retry(at: now.addingTimeInterval(max(delay, floor).seconds))
    }

    /// `Retry-After` as seconds or an HTTP date; at most a day is honoured.
    public static func retryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        var seconds: Double?
        if let number = Int(text), number >= 0 {
            seconds = Double(number)
        } else if let date = httpDate.date(from: text) {
            seconds = max(0, date.timeIntervalSince(now))
        }
        return seconds.map { .milliseconds(Int64(min($0, 86_400) * 1000)) }
    }

    private static let httpDate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE',' dd MMM yyyy HH':'mm':'ss 'GMT'"
        return formatter
    }()
}

extension Duration {
    /// The duration in seconds, as a `TimeInterval`.
    public var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
