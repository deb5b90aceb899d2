import Foundation
import OnestopDomain

/// A request as the statistics read it, in both stores: its columns, its category resolved through its
/// service, and the stations that declined it.
package struct AssessmentFactRecord: Codable, Sendable {
    package var id: String
    package var status: String
    package var stationId: String?
    package var region: String
    package var category: String?
    package var caseworkerId: String?
    package var caseworkerName: String?
    package var createdAt: Int64
    package var acknowledgeBy: Int64?
    package var acceptedAt: Int64?
    package var promisedOn: String?
    package var completedAt: Int64?
    package var declinedBy: [String]
    /// The evaluation's levels, its appeal's decision and its follow-up, from `evaluation` (all nil without one).
    package var overall: String?
    package var efficiency: String?
    package var proficiency: String?
    package var attitude: String?
    package var appealDecision: String?
    package var followUpDue: Int64?
    package var followUpAnsweredAt: Int64?

    package enum CodingKeys: String, CodingKey {
        case id, status, stationId = "station_id", region, category, caseworkerId = "caseworker_id", caseworkerName = "caseworker_name",
            createdAt = "created_at", acknowledgeBy = "acknowledge_by", acceptedAt = "accepted_at", promisedOn = "promised_on",
            completedAt = "completed_at", declinedBy = "declined_by", overall, efficiency, proficiency, attitude,
            appealDecision = "appeal_decision", followUpDue = "follow_up_due", followUpAnsweredAt = "follow_up_answered_at"
    }

    /// The columns of `evaluation` (aliased `v`) the facts read, for a SELECT beside the request's.
    package static let evaluationColumns = "v.overall, v.efficiency, v.proficiency, v.attitude, v.appeal_decision, v.follow_up_due, v.follow_up_answered_at"

    var rated: AssessmentFacts.Request.Rated? {
        guard let overall = overall.flatMap(SatisfactionLevel.init(rawValue:)) else { return nil }
        return AssessmentFacts.Request.Rated(
            ratings: Evaluation.Ratings(overall: overall, efficiency: efficiency.flatMap(SatisfactionLevel.init(rawValue:)),
                                        proficiency: proficiency.flatMap(SatisfactionLevel.init(rawValue:)),
                                        attitude: attitude.flatMap(SatisfactionLevel.init(rawValue:))),
            counts: appealDecision != Evaluation.Decision.setAside.rawValue,
            followUpDue: followUpDue.map(Milliseconds.date), answeredAt: followUpAnsweredAt.map(Milliseconds.date))
    }

    /// A routing of a request to a station (`station` set), or an escalation of it (`station` nil).
    package struct Event: Codable, Sendable {
        /// The row's id, which orders a request's routings.
        package var id: Int64
        package var requestId: String
        package var station: String?
        package var at: Int64

        package enum CodingKeys: String, CodingKey {
            case id, requestId = "request_id", station, at
        }
    }

    /// The facts of `records`, each with its routings (in the order they were made) and escalations.
    package static func facts(_ records: [AssessmentFactRecord], routings: [Event], escalations: [Event]) -> AssessmentFacts {
        var routingsByRequest: [String: [AssessmentFacts.Request.Routing]] = [:]
        for routing in routings.sorted(by: { $0.id < $1.id }) {
            guard let station = routing.station else { continue }
            routingsByRequest[routing.requestId, default: []].append(.init(station: station, at: Milliseconds.date(routing.at)))
        }
        var escalationsByRequest: [String: [Date]] = [:]
        for escalation in escalations { escalationsByRequest[escalation.requestId, default: []].append(Milliseconds.date(escalation.at)) }
        return AssessmentFacts(requests: records.map { record in
            AssessmentFacts.Request(
                status: RequestStatus(rawValue: record.status) ?? .submitted, station: record.stationId, region: record.region,
                category: record.category,
                caseworker: record.caseworkerId, caseworkerName: record.caseworkerName, receivedAt: Milliseconds.date(record.createdAt),
                acknowledgeBy: record.acknowledgeBy.map(Milliseconds.date), acceptedAt: record.acceptedAt.map(Milliseconds.date),
                promisedOn: record.promisedOn.flatMap(CivilDay.init), completedAt: record.completedAt.map(Milliseconds.date),
                declinedBy: record.declinedBy, routings: routingsByRequest[record.id] ?? [],
                escalations: escalationsByRequest[record.id] ?? [], evaluation: record.rated)
        })
    }
}
