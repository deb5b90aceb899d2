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

    /// The statistics of the requests in `facts`, received in [from, to); what is waiting past its deadline or
    /// overdue is counted as of `now`.
    public init(_ facts: AssessmentFacts, from: Date?, to: Date?, stations: [Station], regions: [Region], categories: [Category],
                calendar: WorkingCalendar, now: Date) {
        var byStatus: [String: Int] = [:], byRegion: [String: Int] = [:], byCategory: [String: Int] = [:], byStation: [String: Int] = [:]
        var declines: [String: Int] = [:]
        var toAccept: [Double] = [], toComplete: [Double] = []
        var escalations = 0, waiting = 0
        let platforms = Set(stations.filter { $0.kind == .platform }.map(\.id))
        for request in facts.requests {
            byStatus[request.status.rawValue, default: 0] += 1
            byRegion[request.region, default: 0] += 1
            byCategory[request.category ?? "-", default: 0] += 1
            byStation[request.station ?? "-", default: 0] += 1
            if let accepted = request.acceptedAt { toAccept.append(accepted.timeIntervalSince(request.receivedAt)) }
            if request.status == .completed, let completed = request.completedAt {
                toComplete.append(completed.timeIntervalSince(request.receivedAt))
            }
            escalations += request.escalations.count
            if request.status == .assigned, let deadline = request.acknowledgeBy, deadline < now,
               let station = request.station, !platforms.contains(station) {
                waiting += 1
            }
            for station in request.declinedBy { declines[station, default: 0] += 1 }
        }
        self.init(
            from: from, to: to, total: facts.requests.count, byStatus: byStatus, byRegion: byRegion, byCategory: byCategory,
            byStation: byStation, timeToAccept: Durations(toAccept), timeToComplete: Durations(toComplete), escalations: escalations,
            deadlineBreaches: escalations + waiting, declinesByStation: declines,
            assessment: AssessmentStatistics(facts, stations: stations, regions: regions, categories: categories, calendar: calendar, now: now))
    }

    enum CodingKeys: String, CodingKey {
        case from, to, total, byStatus = "by_status", byRegion = "by_region", byCategory = "by_category",
            byStation = "by_station", timeToAccept = "time_to_accept", timeToComplete = "time_to_complete",
            escalations, deadlineBreaches = "deadline_breaches", declinesByStation = "declines_by_station", assessment
    }
}

extension RequestStatistics {
    /// What a station may see of statistics narrowed to it (`AssessmentFacts.narrowed(station:)`): the counts of
    /// its own requests, its own assessment row as the total, and its own caseworkers, but no other station's
    /// row, count or declines, nor the county and category rows, which mix in what other stations did.
    public func seen(by station: String) -> RequestStatistics {
        var seen = self
        seen.byStation = byStation.filter { $0.key == station }
        seen.declinesByStation = declinesByStation.filter { $0.key == station }
        let own = assessment.byStation.filter { $0.key == station }
        seen.assessment = AssessmentStatistics(
            total: own.first?.figures ?? AssessmentFigures(), byStation: own, byCounty: [], byCategory: [],
            byCaseworker: assessment.byCaseworker.filter { $0.station == station })
        return seen
    }
}
