/// One opening period: the days it applies to and the times it opens and closes.
public struct OpeningPeriod: Codable, Sendable, Equatable, Hashable {
    public var days: [Weekday]
    public var opens: TimeOfDay
    public var closes: TimeOfDay

    public init(days: [Weekday], opens: TimeOfDay, closes: TimeOfDay) {
        self.days = days
        self.opens = opens
        self.closes = closes
    }
}
