import Foundation

/// How long a station has to accept a request given to it: its own number of working days when the
/// catalog sets one (`acknowledge_days`), the server's default otherwise.
public struct AcknowledgementPolicy: Sendable {
    public var defaultDays: Int

    public init(defaultDays: Int = 1) {
        self.defaultDays = defaultDays
    }

    /// The deadline counted in `calendar`'s working days, and the years it had no notice for.
    public func deadline(from date: Date, station: Station?, calendar: WorkingCalendar) -> WorkingCalendar.Count<Date> {
        calendar.counting(workingDays: station?.acknowledgementDays ?? defaultDays, after: date)
    }
}
