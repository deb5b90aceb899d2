import Foundation

/// The figures a city assesses its stations by (policy 四(四)), over the requests received in a period: for
/// all of them, and by station, by county (the region a station serves from), by category and by caseworker.
/// Computed here from the facts a store reads, so that both stores answer alike; days are working days on
/// the stored calendar.
public struct AssessmentStatistics: Codable, Sendable, Equatable {
    /// The figures of one station, county, category or caseworker.
    public struct Row: Codable, Sendable, Equatable {
        /// The station's id, the region's or category's code, or the caseworker's id.
        public var key: String
        public var name: String?
        /// A caseworker's station (caseworker ids are a station's own).
        public var station: String?
        public var figures: AssessmentFigures

        public init(key: String, name: String?, station: String? = nil, figures: AssessmentFigures) {
            self.key = key
            self.name = name
            self.station = station
            self.figures = figures
        }

        enum CodingKeys: String, CodingKey { case key, name, station }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            station = try container.decodeIfPresent(String.self, forKey: .station)
            figures = try AssessmentFigures(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(name, forKey: .name)
            try container.encodeIfPresent(station, forKey: .station)
            try figures.encode(to: encoder)
        }
    }

    public var total: AssessmentFigures
    /// Most received first.
    public var byStation: [Row]
    public var byCounty: [Row]
    public var byCategory: [Row]
    public var byCaseworker: [Row]

    enum CodingKeys: String, CodingKey {
        case total, byStation = "by_station", byCounty = "by_county", byCategory = "by_category", byCaseworker = "by_caseworker"
    }

    public init(total: AssessmentFigures, byStation: [Row], byCounty: [Row], byCategory: [Row], byCaseworker: [Row]) {
        self.total = total
        self.byStation = byStation
        self.byCounty = byCounty
        self.byCategory = byCategory
        self.byCaseworker = byCaseworker
    }

    /// - Parameters:
    ///   - now: what "waiting past the deadline" and "overdue" are counted against.
    public init(_ facts: AssessmentFacts, stations: [Station], regions: [Region], categories: [Category],
                calendar: WorkingCalendar, now: Date) {
        let today = calendar.civilDay(of: now)
        let stationsByID = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var total = Tally()
        var byStation: [String: Tally] = [:], byCounty: [String: Tally] = [:], byCategory: [String: Tally] = [:]
        var byCaseworker: [CaseworkerKey: Tally] = [:]
        var caseworkerNames: [CaseworkerKey: String] = [:]
        func county(_ station: String) -> String { stationsByID[station]?.region ?? "-" }

        for request in facts.requests {
            let category = request.category ?? "-"
            var routedTo = request.routings.map(\.station)
            if let station = request.station { routedTo.append(station) }
            let stationsReached = Set(routedTo)
            for station in stationsReached { byStation[station, default: Tally()].received += 1 }
            for region in Set(stationsReached.map(county)) { byCounty[region, default: Tally()].received += 1 }
            byCategory[category, default: Tally()].received += 1
            total.received += 1

            var outcome = Tally()
            if let accepted = request.acceptedAt {
                outcome.accepted = 1
                outcome.acceptanceDue = 1
                if request.acknowledgeBy.map({ accepted <= $0 }) ?? true { outcome.acceptedOnTime = 1 }
                outcome.daysToAccept.append(calendar.workingDays(from: request.assignedAt, to: accepted).value)
                if request.status == .completed, let completed = request.completedAt {
                    outcome.daysToComplete.append(calendar.workingDays(from: accepted, to: completed).value)
                }
            } else if request.status == .assigned, let deadline = request.acknowledgeBy, deadline < now {
                outcome.acceptanceDue = 1
            }
            if request.status == .completed { outcome.completed = 1 }
            if request.status == .completed || request.status == .unserviceable { outcome.evaluable = 1 }
            if let rated = request.evaluation {
                outcome.rate(rated, now: now)
            }
            if let promised = request.promisedOn {
                if request.status == .completed, let completed = request.completedAt {
                    outcome.promisesDue = 1
                    if calendar.civilDay(of: completed) <= promised { outcome.completedByPromise = 1 }
                } else if [.accepted, .inProgress].contains(request.status), promised < today {
                    outcome.promisesDue = 1
                    outcome.overdue = 1
                }
            }
            if let station = request.station {
                byStation[station, default: Tally()].add(outcome)
                byCounty[county(station), default: Tally()].add(outcome)
                if let caseworker = request.caseworker {
                    let key = CaseworkerKey(station: station, id: caseworker)
                    var own = outcome
                    own.received = 1
                    byCaseworker[key, default: Tally()].add(own)
                    if let name = request.caseworkerName { caseworkerNames[key] = name }
                }
            }
            byCategory[category, default: Tally()].add(outcome)
            total.add(outcome)

            for station in request.declinedBy {
                let handedOver = Tally(declined: 1)
                byStation[station, default: Tally()].add(handedOver)
                byCounty[county(station), default: Tally()].add(handedOver)
                byCategory[category, default: Tally()].add(handedOver)
                total.add(handedOver)
            }
            for station in request.escalatedFrom {
                let handedOver = Tally(acceptanceDue: 1, escalated: 1)
                byStation[station, default: Tally()].add(handedOver)
                byCounty[county(station), default: Tally()].add(handedOver)
                byCategory[category, default: Tally()].add(handedOver)
                total.add(handedOver)
            }
        }

        let regionNames = Dictionary(regions.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        let categoryNames = Dictionary(categories.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        func rows(_ tallies: [String: Tally], name: (String) -> String?) -> [Row] {
            tallies.map { Row(key: $0.key, name: name($0.key), figures: $0.value.figures) }.sorted(by: Self.mostReceived)
        }
        self.total = total.figures
        self.byStation = rows(byStation) { stationsByID[$0]?.name }
        self.byCounty = rows(byCounty) { regionNames[$0] }
        self.byCategory = rows(byCategory) { categoryNames[$0] }
        self.byCaseworker = byCaseworker.map { key, tally in
            Row(key: key.id, name: caseworkerNames[key] ?? stationsByID[key.station]?.caseworkers.first { $0.id == key.id }?.name,
                station: key.station, figures: tally.figures)
        }.sorted(by: Self.mostReceived)
    }

    static func mostReceived(_ a: Row, _ b: Row) -> Bool {
        if a.figures.received != b.figures.received { return a.figures.received > b.figures.received }
        return (a.station ?? "", a.key) < (b.station ?? "", b.key)
    }

    struct CaseworkerKey: Hashable {
        var station: String
        var id: String
    }

    /// Counts as they are added up, with the durations the medians are taken over.
    struct Tally {
        var received = 0, accepted = 0, acceptedOnTime = 0, acceptanceDue = 0, completed = 0
        var completedByPromise = 0, promisesDue = 0, overdue = 0, declined = 0, escalated = 0
        var daysToAccept: [Double] = [], daysToComplete: [Double] = []
        var evaluable = 0, evaluated = 0, satisfied = 0, badReviews = 0, followedUp = 0, followUpsDue = 0, followUpsOnTime = 0, setAside = 0
        var levels: [EvaluationIndicator: [SatisfactionLevel: Int]] = [:]

        /// Counts one evaluation: nowhere but in `setAside` once set aside on appeal.
        mutating func rate(_ rated: AssessmentFacts.Request.Rated, now: Date) {
            guard rated.counts else {
                setAside += 1
                return
            }
            evaluated += 1
            if rated.ratings.overall.isSatisfied { satisfied += 1 }
            for indicator in EvaluationIndicator.allCases {
                if let level = rated.ratings[indicator] { levels[indicator, default: [:]][level, default: 0] += 1 }
            }
            guard rated.ratings.overall.isBad else { return }
            badReviews += 1
            if let answered = rated.answeredAt {
                followedUp += 1
                followUpsDue += 1
                if let due = rated.followUpDue, answered <= due { followUpsOnTime += 1 }
            } else if let due = rated.followUpDue, due < now {
                followUpsDue += 1
            }
        }

        mutating func add(_ other: Tally) {
            received += other.received
            accepted += other.accepted
            acceptedOnTime += other.acceptedOnTime
            acceptanceDue += other.acceptanceDue
            completed += other.completed
            completedByPromise += other.completedByPromise
            promisesDue += other.promisesDue
            overdue += other.overdue
            declined += other.declined
            escalated += other.escalated
            daysToAccept += other.daysToAccept
            daysToComplete += other.daysToComplete
            evaluable += other.evaluable
            evaluated += other.evaluated
            satisfied += other.satisfied
            badReviews += other.badReviews
            followedUp += other.followedUp
            followUpsDue += other.followUpsDue
            followUpsOnTime += other.followUpsOnTime
            setAside += other.setAside
            levels.merge(other.levels) { mine, theirs in mine.merging(theirs, uniquingKeysWith: +) }
        }

        var figures: AssessmentFigures {
            AssessmentFigures(
                received: received, accepted: accepted, acceptedOnTime: acceptedOnTime, acceptanceDue: acceptanceDue,
                medianWorkingDaysToAccept: AssessmentFigures.median(daysToAccept), completed: completed,
                medianWorkingDaysToComplete: AssessmentFigures.median(daysToComplete),
                completedByPromise: completedByPromise, promisesDue: promisesDue, overdue: overdue,
                declined: declined, escalated: escalated,
                evaluation: EvaluationFigures(
                    evaluable: evaluable, evaluated: evaluated, satisfied: satisfied, levels: levels, badReviews: badReviews,
                    followedUp: followedUp, followUpsDue: followUpsDue, followUpsOnTime: followUpsOnTime, setAside: setAside))
        }
    }
}
