import Foundation
import OnestopDomain

/// One line of the work ledger as both stores read it: the request's columns, its station's and service's
/// names, and the note of its last completion, closing or withdrawal (never an internal one).
package struct LedgerRecord: Codable, Sendable {
    package var id: String
    package var firm: String?
    package var creditCode: String?
    package var serviceCode: String?
    package var serviceName: String?
    package var categoryName: String?
    package var stationName: String?
    package var caseworkerName: String?
    package var createdAt: Int64
    package var acceptedAt: Int64?
    package var promisedOn: String?
    package var completedAt: Int64?
    package var status: String
    package var outcome: String?
    /// From `evaluation` (aliased `v`), all nil until the firm evaluates.
    package var overall: String?
    package var efficiency: String?
    package var proficiency: String?
    package var attitude: String?
    package var evaluationComment: String?
    package var appealDecision: String?
    package var followUpDue: Int64?
    package var followUpAnsweredAt: Int64?

    package enum CodingKeys: String, CodingKey {
        case id, firm, creditCode = "credit_code", serviceCode = "service_code", serviceName = "service_name",
            categoryName = "category_name", stationName = "station_name", caseworkerName = "caseworker_name",
            createdAt = "created_at", acceptedAt = "accepted_at", promisedOn = "promised_on", completedAt = "completed_at",
            status, outcome, overall, efficiency, proficiency, attitude, evaluationComment = "evaluation_comment",
            appealDecision = "appeal_decision", followUpDue = "follow_up_due", followUpAnsweredAt = "follow_up_answered_at"
    }

    package var entry: LedgerEntry {
        let status = RequestStatus(rawValue: status) ?? .submitted
        let service = serviceCode.map { code in serviceName.map { "\($0)（\(code)）" } ?? code } ?? categoryName ?? ""
        return LedgerEntry(
            id: id, firm: firm ?? "", creditCode: creditCode ?? "", service: service, station: stationName ?? "",
            caseworker: caseworkerName ?? "", receivedAt: Milliseconds.date(createdAt), acceptedAt: acceptedAt.map(Milliseconds.date),
            promisedOn: promisedOn.flatMap(CivilDay.init), completedAt: completedAt.map(Milliseconds.date), status: status,
            outcome: outcome ?? (status == .cancelled ? "企业撤回" : ""),
            evaluation: overall.flatMap(SatisfactionLevel.init(rawValue:)).map { overall in
                LedgerEntry.Rated(
                    ratings: Evaluation.Ratings(overall: overall, efficiency: efficiency.flatMap(SatisfactionLevel.init(rawValue:)),
                                                proficiency: proficiency.flatMap(SatisfactionLevel.init(rawValue:)),
                                                attitude: attitude.flatMap(SatisfactionLevel.init(rawValue:))),
                    comment: evaluationComment, setAside: appealDecision == Evaluation.Decision.setAside.rawValue,
                    followUpDue: followUpDue.map(Milliseconds.date), answeredAt: followUpAnsweredAt.map(Milliseconds.date))
            })
    }

    /// The actions whose note is a request's outcome.
    package static let outcomeActions = [RequestAction.complete, .closeUnserviceable, .cancel].map(\.rawValue)
}
