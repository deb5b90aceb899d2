import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// A request as the firm that made it sees it, with its tracking token.
struct FirmRequestView: ResponseEncodable {
    var id: String
    var status: RequestStatus
    var statusName: String
    var enterpriseName: String
    var serviceCode: String?
    var categoryCode: String?
    var description: String
    var mode: ServiceMode
    var station: StationContactView?
    var acknowledgeBy: Date?
    var createdAt: Date
    var updatedAt: Date
    var canCancel: Bool
    /// The station's caseworker following the request: name and phone.
    var caseworker: CaseworkerContactView?
    var acceptedAt: Date?
    /// The day the station promised to complete it by.
    var promisedOn: CivilDay?
    var completedAt: Date?
    /// Past its promised day and not finished.
    var overdue: Bool
    var timeline: [FirmEventView]
    /// Until when the firm may evaluate the service, while it may; nil before it is closed, once evaluated, and after.
    var evaluateBy: Date?
    /// The firm's evaluation once sent, with the station's answer to a bad review.
    var evaluation: FirmEvaluationView?
    /// The notices by SMS and email the firm agreed to, and whether they still go out.
    var notices: NoticeConsentView

    init(_ request: ServiceRequest, station: Station?, timeline: [RequestEvent], evaluation: Evaluation?, policy: EvaluationPolicy, now: Date = Date()) {
        id = request.id
        status = request.status
        statusName = request.status.nameZh
        enterpriseName = request.enterprise.name
        serviceCode = request.serviceCode
        categoryCode = request.categoryCode
        description = request.description
        mode = request.mode
        self.station = station.map(StationContactView.init)
        acknowledgeBy = request.acknowledgeBy
        createdAt = request.createdAt
        updatedAt = request.updatedAt
        caseworker = request.caseworker.map { CaseworkerContactView(name: $0.name, phone: $0.phone) }
        acceptedAt = request.acceptedAt
        promisedOn = request.promisedOn
        completedAt = request.completedAt
        overdue = request.isOverdue(at: Date())
        canCancel = !request.status.isFinal
        self.timeline = timeline.filter { $0.isVisible(to: .firm) }.map(FirmEventView.init)
        self.evaluation = evaluation.map(FirmEvaluationView.init)
        evaluateBy = policy.openUntil(request, evaluated: evaluation != nil, at: now)
        notices = NoticeConsentView(request.notices)
    }

    enum CodingKeys: String, CodingKey {
        case id, status, statusName = "status_name", enterpriseName = "enterprise_name", serviceCode = "service_code",
            categoryCode = "category_code", description, mode, station, acknowledgeBy = "acknowledge_by",
            createdAt = "created_at", updatedAt = "updated_at", canCancel = "can_cancel", timeline,
            caseworker, acceptedAt = "accepted_at", promisedOn = "promised_on", completedAt = "completed_at", overdue, evaluateBy = "evaluate_by", evaluation,
            notices
    }
}
