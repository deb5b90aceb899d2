import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// A request as its station and platform staff see it: the firm's contact details and every note. In a
/// list, where many requests are seen at once, the contact's phone is masked (`138****1234`); the full
/// record, read one request at a time (and audited), shows it.
struct RequestDetailView: ResponseEncodable {
    enum Contact {
        case full, masked
    }

    var id: String
    var status: RequestStatus
    var statusName: String
    var enterprise: Enterprise
    var serviceCode: String?
    var categoryCode: String?
    var description: String
    var mode: ServiceMode
    var preferredStation: String?
    var station: String?
    var service: String?
    var acknowledgeBy: Date?
    var declinedBy: [String]
    var createdAt: Date
    var updatedAt: Date
    /// The station's caseworker following the request: name and phone.
    var caseworker: CaseworkerContactView?
    var acceptedAt: Date?
    /// The day the station promised to complete it by.
    var promisedOn: CivilDay?
    var completedAt: Date?
    /// Past its promised day and not finished.
    var overdue: Bool
    var timeline: [RequestEvent]?
    /// The firm's evaluation, with its follow-up and appeal, in the full record once the firm has evaluated.
    var evaluation: EvaluationDetailView?
    /// Which notices the firm agreed to, whether they still go out, and whether its contact proved unreachable.
    var noticeConsent: NoticeConsentView
    /// The notices sent or waiting, in the full record.
    var notices: [FirmNoticeView]?

    /// `timeline` is cut to what `reader` may see.
    init(_ request: ServiceRequest, timeline: [RequestEvent]?, reader: TimelineReader, contact: Contact = .full, evaluation: Evaluation? = nil,
         notices: [FirmNotice]? = nil) {
        id = request.id
        status = request.status
        statusName = request.status.nameZh
        enterprise = request.enterprise
        if contact == .masked { enterprise.phone = PhoneNumber.masked(request.enterprise.phone) }
        serviceCode = request.serviceCode
        categoryCode = request.categoryCode
        description = request.description
        mode = request.mode
        preferredStation = request.preferredStation
        station = request.station
        service = request.service
        acknowledgeBy = request.acknowledgeBy
        declinedBy = request.declinedBy
        createdAt = request.createdAt
        updatedAt = request.updatedAt
        caseworker = request.caseworker.map { CaseworkerContactView(name: $0.name, phone: $0.phone) }
        acceptedAt = request.acceptedAt
        promisedOn = request.promisedOn
        completedAt = request.completedAt
        overdue = request.isOverdue(at: Date())
        self.timeline = timeline?.filter { $0.isVisible(to: reader) }
        self.evaluation = evaluation.map(EvaluationDetailView.init)
        noticeConsent = NoticeConsentView(request.notices)
        self.notices = notices?.map(FirmNoticeView.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, status, statusName = "status_name", enterprise, serviceCode = "service_code", categoryCode = "category_code",
            description, mode, preferredStation = "preferred_station", station, service, acknowledgeBy = "acknowledge_by",
            declinedBy = "declined_by", createdAt = "created_at", updatedAt = "updated_at", timeline,
            caseworker, acceptedAt = "accepted_at", promisedOn = "promised_on", completedAt = "completed_at", overdue, evaluation,
            noticeConsent = "notice_consent", notices
    }
}
