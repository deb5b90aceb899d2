/// One year of the working-day calendar, as the State Council's notice (or a local one) publishes it:
/// for each holiday, the days off and the weekend days worked to make up for them.
public struct CalendarYear: Codable, Sendable, Equatable {
    public var year: Int
    /// The notice the days come from: `国务院办公厅关于2026年部分节假日安排的通知`.
    public var notice: String
    /// The day the notice was published.
    public var published: CivilDay?
    /// Where the notice can be read.
    public var source: String?
    public var holidays: [Holiday]

    /// A holiday's days off (放假) and make-up working days (调休上班).
    public struct Holiday: Codable, Sendable, Equatable {
        public var name: String
        public var daysOff: [DaySpan]
        public var workingDays: [CivilDay]
        /// A local notice that adds this holiday (a county's own festival); the year's notice otherwise.
        public var notice: String?

        public init(name: String, daysOff: [DaySpan], workingDays: [CivilDay] = [], notice: String? = nil) {
            self.name = name
            self.daysOff = daysOff
            self.workingDays = workingDays
            self.notice = notice
        }

        enum CodingKeys: String, CodingKey {
            case name, daysOff = "days_off", workingDays = "working_days", notice
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                name: try container.decode(String.self, forKey: .name),
                daysOff: try container.decodeIfPresent([DaySpan].self, forKey: .daysOff) ?? [],
                workingDays: try container.decodeIfPresent([CivilDay].self, forKey: .workingDays) ?? [],
                notice: try container.decodeIfPresent(String.self, forKey: .notice))
        }
    }

    public init(year: Int, notice: String, published: CivilDay? = nil, source: String? = nil, holidays: [Holiday]) {
        self.year = year
        self.notice = notice
        self.published = published
        self.source = source
        self.holidays = holidays
    }

    /// Every day off of the year.
    public var daysOff: [CivilDay] { holidays.flatMap { $0.daysOff.flatMap(\.days) } }

    /// Every make-up working day of the year.
    public var workingDays: [CivilDay] { holidays.flatMap(\.workingDays) }

    /// The JSON field names of a calendar year.
    public static let fieldNames: Set<String> = ["year", "notice", "published", "source", "holidays"]
}
