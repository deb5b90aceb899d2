import Foundation

/// Working days in a time zone: Monday to Friday. Public holidays are not modelled yet.
public struct WorkingCalendar: Sendable {
    public var timeZone: TimeZone

    /// China Standard Time, where every city onestop serves keeps its office hours.
    public static let china = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!)

    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// A full ISO 8601 time (`2026-11-01T08:00:00+08:00`), or the start of a day (`2026-11-01`) in this
    /// calendar's time zone; nil for anything else. What every "since", "from" and "to" accepts.
    public func time(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text) ?? day(text)
    }

    /// The start of a day written `2026-11-01`, in this calendar's time zone; nil for anything else.
    public func day(_ text: String) -> Date? {
        // Exactly YYYY-MM-DD: the formatter alone would accept trailing characters.
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes.enumerated().allSatisfy({ index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }) else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = timeZone
        // The formatter rolls 2026-02-30 over to March; a day that does not exist is refused instead.
        guard let date = formatter.date(from: text), formatter.string(from: date) == text else { return nil }
        return date
    }

    /// The same time of day `days` working days after `date`; a weekend start counts from Monday.
    public func adding(workingDays days: Int, to date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var result = date
        var remaining = days
        while remaining > 0 {
            result = calendar.date(byAdding: .day, value: 1, to: result)!
            if !calendar.isDateInWeekend(result) { remaining -= 1 }
        }
        return result
    }
}
