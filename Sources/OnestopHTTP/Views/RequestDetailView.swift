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
    var timeline: [RequestEvent]?

    /// `timeline` is cut to what `reader` may see.
    init(_ request: ServiceRequest, timeline: [RequestEvent]?, reader: TimelineReader, contact: Contact = .full) {
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
        self.timeline = timeline?.filter { $0.isVisible(to: reader) }
    }

    enum CodingKeys: String, CodingKey {
        case id, status, statusName = "status_name", enterprise, serviceCode = "service_code", categoryCode = "category_code",
            description, mode, preferredStation = "preferred_station", station, service, acknowledgeBy = "acknowledge_by",
            declinedBy = "declined_by", createdAt = "created_at", updatedAt = "updated_at", timeline
    }
}
