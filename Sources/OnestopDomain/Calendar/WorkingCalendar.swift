import Foundation

/// Working days as China counts them (工作日): Monday to Friday, except the days off of the published
/// notices, plus the weekend days those notices make working days. A year the calendar has no notice for
/// is counted Monday to Friday, and every count says which such years it had to guess.
public struct WorkingCalendar: Sendable {
    public var timeZone: TimeZone
    private var daysOff: Set<Int> = []
    private var madeUpDays: Set<Int> = []
    /// The years with a notice.
    public private(set) var coveredYears: Set<Int> = []
    /// The zone's offset from UTC when it has not changed since 2000 (China's has not since 1991): asking the
    /// time zone for every date was most of the cost of writing a ledger's times.
    private var fixedOffset: Int?
    private static let fixedSince = Date(timeIntervalSince1970: 946_684_800)

    /// China Standard Time and no notices: Monday to Friday. What every city onestop serves starts from.
    public static let china = WorkingCalendar(timeZone: TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!)

    public init(timeZone: TimeZone, years: [CalendarYear] = []) {
        self.timeZone = timeZone
        if timeZone.nextDaylightSavingTimeTransition(after: Self.fixedSince) == nil {
            fixedOffset = timeZone.secondsFromGMT(for: Self.fixedSince)
        }
        for year in years {
            coveredYears.insert(year.year)
            daysOff.formUnion(year.daysOff.map(\.number))
            madeUpDays.formUnion(year.workingDays.map(\.number))
        }
    }

    /// This calendar's time zone with `years`' notices.
    public func with(_ years: [CalendarYear]) -> WorkingCalendar {
        WorkingCalendar(timeZone: timeZone, years: years)
    }

    /// A full ISO 8601 time (`2026-11-01T08:00:00+08:00`), or the start of a day (`2026-11-01`) in this
    /// calendar's time zone; nil for anything else. What every "since", "from" and "to" accepts.
    public func time(_ text: String) -> Date? {
        // Foundation's parser on Linux reads a valid prefix and ignores what follows: the whole text must have the shape first.
        Self.hasTimeShape(text) ? ISO8601DateFormatter().date(from: text) : day(text)
    }

    /// `2026-11-01T08:00:00Z` or `2026-11-01T08:00:00+08:00`, digits where digits go and nothing after.
    static func hasTimeShape(_ text: String) -> Bool {
        let shape = Array("dddd-dd-ddTdd:dd:dd".utf8)
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 25 else { return false }
        func matches(_ pattern: [UInt8], at start: Int) -> Bool {
            pattern.enumerated().allSatisfy { offset, expected in
                let byte = bytes[start + offset]
                return expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
            }
        }
        guard matches(shape, at: 0) else { return false }
        if bytes.count == 20 { return bytes[19] == UInt8(ascii: "Z") }
        return (bytes[19] == UInt8(ascii: "+") || bytes[19] == UInt8(ascii: "-")) && matches(Array("dd:dd".utf8), at: 20)
    }

    /// The start of a day written `2026-11-01`, in this calendar's time zone; nil for anything else.
    public func day(_ text: String) -> Date? {
        CivilDay(text).map(start(of:))
    }

    /// The day `date` falls on here.
    public func civilDay(of date: Date) -> CivilDay {
        let seconds = date.timeIntervalSince1970 + Double(offset(at: date))
        return CivilDay(number: Int((seconds / 86_400).rounded(.down)))
    }

    /// Midnight at the start of `day` here.
    public func start(of day: CivilDay) -> Date {
        let guess = Date(timeIntervalSince1970: Double(day.number) * 86_400)
        return guess.addingTimeInterval(-Double(offset(at: guess)))
    }

    private func offset(at date: Date) -> Int {
        if let fixedOffset, date >= Self.fixedSince { return fixedOffset }
        return timeZone.secondsFromGMT(for: date)
    }

    /// Whether a notice covers `day`'s year.
    public func covers(_ day: CivilDay) -> Bool { coveredYears.contains(day.year) }

    /// Whether `day` is a working day; in a year without a notice, whether it is Monday to Friday.
    public func isWorkingDay(_ day: CivilDay) -> Bool {
        if madeUpDays.contains(day.number) { return true }
        if daysOff.contains(day.number) { return false }
        return !day.isWeekend
    }

    /// A working-day answer and the years it had no notice for (counted Monday to Friday).
    public struct Count<Value: Sendable>: Sendable {
        public var value: Value
        public var uncoveredYears: Set<Int>
    }

    /// The same time of day `days` working days after `date`: each day after it that is a working day counts
    /// one, so that a request received on a day off, or before a holiday, counts from the next working day.
    public func counting(workingDays days: Int, after date: Date) -> Count<Date> {
        let first = civilDay(of: date)
        var day = first
        var remaining = days
        var uncovered: Set<Int> = []
        while remaining > 0 {
            day = day.adding(days: 1)
            if !covers(day) { uncovered.insert(day.year) }
            if isWorkingDay(day) { remaining -= 1 }
        }
        let offset = date.timeIntervalSince(start(of: first))
        return Count(value: start(of: day).addingTimeInterval(offset), uncoveredYears: uncovered)
    }

    /// `counting(workingDays:after:)`'s date alone.
    public func adding(workingDays days: Int, to date: Date) -> Date {
        counting(workingDays: days, after: date).value
    }

    /// How much working time lies between two moments, in days: each working day counts the part of it
    /// between them, so a request accepted a day and a holiday after it arrived took 1.0.
    public func workingDays(from start: Date, to end: Date) -> Count<Double> {
        guard end > start else { return Count(value: 0, uncoveredYears: []) }
        var total: TimeInterval = 0
        var uncovered: Set<Int> = []
        var day = civilDay(of: start)
        let last = civilDay(of: end)
        while day <= last {
            if !covers(day) { uncovered.insert(day.year) }
            if isWorkingDay(day) {
                let opens = max(start, self.start(of: day))
                let closes = min(end, self.start(of: day.adding(days: 1)))
                if closes > opens { total += closes.timeIntervalSince(opens) }
            }
            day = day.adding(days: 1)
        }
        return Count(value: total / 86_400, uncoveredYears: uncovered)
    }

    /// The first day from `day` on (itself included) that no notice covers, within `days` days.
    public func firstUncovered(from day: CivilDay, within days: Int) -> CivilDay? {
        (0...max(0, days)).lazy.map { day.adding(days: $0) }.first { !covers($0) }
    }
}
