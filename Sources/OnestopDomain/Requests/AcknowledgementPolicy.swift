import Foundation

/// How long a station has to accept a request given to it: its own number of working days when the
/// catalog sets one (`acknowledge_days`), the server's default otherwise.
public struct AcknowledgementPolicy: Sendable {
    public var defaultDays: Int
    public var calendar: WorkingCalendar

    public init(defaultDays: Int = 1, calendar: WorkingCalendar = .china) {
        self.defaultDays = defaultDays
        self.calendar = calendar
    }

    public func deadline(from date: Date, station: Station?) -> Date {
        calendar.adding(workingDays: station?.acknowledgementDays ?? defaultDays, to: date)
    }
}
