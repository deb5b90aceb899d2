import Foundation
import Hummingbird
import OnestopDomain

/// A station as a firm needs to reach it.
struct StationContactView: Encodable, Sendable {
    var id: String
    var name: String
    var phone: String
    var address: String
    var email: String?
    var hours: [OpeningPeriod]

    init(_ station: Station) {
        id = station.id
        name = station.name
        phone = station.phone
        address = station.address
        email = station.email
        hours = station.hours
    }
}

/// The answer to a submission: the id and the tracking token, shown once, with where it went.
struct SubmissionView: ResponseEncodable {
    var id: String
    var trackingToken: String
    var trackingURL: String
    var status: RequestStatus
    var statusName: String
    var station: StationContactView?
    var service: String?
    var acknowledgeBy: Date?
    var createdAt: Date
    var notice: String

    enum CodingKeys: String, CodingKey {
        case id, trackingToken = "tracking_token", trackingURL = "tracking_url", status, statusName = "status_name",
            station, service, acknowledgeBy = "acknowledge_by", createdAt = "created_at", notice
    }
}

/// A timeline entry as the firm sees it: who acted by role, never internal notes.
struct FirmEventView: Encodable, Sendable {
    var at: Date
    var by: String
    var status: RequestStatus
    var statusName: String
    var note: String?

    init(_ event: RequestEvent) {
        at = event.at
        by = event.actor == "firm" ? "firm" : event.actor.hasPrefix("station:") ? "station" : event.actor == "system" ? "system" : "platform"
        status = event.to
        statusName = event.to.nameZh
        note = event.note
    }

    enum CodingKeys: String, CodingKey {
        case at, by, status, statusName = "status_name", note
    }
}

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
    var timeline: [FirmEventView]

    init(_ request: ServiceRequest, station: Station?, timeline: [RequestEvent]) {
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
        canCancel = !request.status.isFinal
        self.timeline = timeline.filter { !$0.isInternal }.map(FirmEventView.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, status, statusName = "status_name", enterpriseName = "enterprise_name", serviceCode = "service_code",
            categoryCode = "category_code", description, mode, station, acknowledgeBy = "acknowledge_by",
            createdAt = "created_at", updatedAt = "updated_at", canCancel = "can_cancel", timeline
    }
}
