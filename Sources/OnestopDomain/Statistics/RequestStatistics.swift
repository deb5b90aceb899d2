import Foundation

/// The work ledger of a period (policy 四(四)): requests received in [from, to) and what became of them.
public struct RequestStatistics: Codable, Sendable, Equatable {
    /// Durations in hours over the requests that reached a state.
    public struct Durations: Codable, Sendable, Equatable {
        public var count: Int
        public var medianHours: Double?
        public var p90Hours: Double?

        public init(_ seconds: [Double]) {
            let sorted = seconds.sorted()
            count = sorted.count
            medianHours = Self.percentile(sorted, 0.5).map { $0 / 3600 }
            p90Hours = Self.percentile(sorted, 0.9).map { $0 / 3600 }
        }

        /// Nearest-rank percentile.
        static func percentile(_ sorted: [Double], _ fraction: Double) -> Double? {
            guard !sorted.isEmpty else { return nil }
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[min(max(rank, 1), sorted.count) - 1]
        }

        enum CodingKeys: String, CodingKey {
            case count, medianHours = "median_hours", p90Hours = "p90_hours"
        }
    }

    public var from: Date?
    public var to: Date?
    public var total: Int
    public var byStatus: [String: Int]
    public var byRegion: [String: Int]
    public var byCategory: [String: Int]
    /// By the station responsible now.
    public var byStation: [String: Int]
    public var timeToAccept: Durations
    public var timeToComplete: Durations
    public var escalations: Int
    /// Requests escalated for missing their deadline, plus those still waiting past it.
    public var deadlineBreaches: Int
    public var declinesByStation: [String: Int]
    /// The assessment figures, by station, county, category and caseworker.
    public var assessment: AssessmentStatistics

    public init(from: Date?, to: Date?, total: Int, byStatus: [String: Int], byRegion: [String: Int], byCategory: [String: Int],
                byStation: [String: Int], timeToAccept: Durations, timeToComplete: Durations, escalations: Int,
                deadlineBreaches: Int, declinesByStation: [String: Int], assessment: AssessmentStatistics) {
        self.from = from
        self.to = to
        self.total = total
        self.byStatus = byStatus
        self.byRegion = byRegion
        self.byCategory = byCategory
        self.byStation = byStation
        self.timeToAccept = timeToAccept
        self.timeToComplete = timeToComplete
        self.escalations = escalations
        self.deadlineBreaches = deadlineBreaches
        self.declinesByStation = declinesByStation
        self.assessment = assessment
    }

    enum CodingKeys: String, CodingKey {
        case from, to, total, byStatus = "by_status", byRegion = "by_region", byCategory = "by_category",
            byStation = "by_station", timeToAccept = "time_to_accept", timeToComplete = "time_to_complete",
            escalations, deadlineBreaches = "deadline_breaches", declinesByStation = "declines_by_station", assessment
    }
}
