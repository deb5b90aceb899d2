import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

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
        self.timeline = timeline.filter { $0.isVisible(to: .firm) }.map(FirmEventView.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, status, statusName = "status_name", enterpriseName = "enterprise_name", serviceCode = "service_code",
            categoryCode = "category_code", description, mode, station, acknowledgeBy = "acknowledge_by",
            createdAt = "created_at", updatedAt = "updated_at", canCancel = "can_cancel", timeline
    }
}

/// A request as its station and platform staff see it: the firm's contact details and every note.
struct RequestDetailView: ResponseEncodable {
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
    init(_ request: ServiceRequest, timeline: [RequestEvent]?, reader: TimelineReader) {
        id = request.id
        status = request.status
        statusName = request.status.nameZh
        enterprise = request.enterprise
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

/// A routing decision as staff read it, each rank and exclusion with its reason.
struct RoutingRecordView: Encodable, Sendable {
    struct CandidateView: Encodable, Sendable {
        var station: String
        var service: String
        var rank: Int
        var tier: String
        var load: Double
        var reason: String
        var reasonEn: String

        enum CodingKeys: String, CodingKey {
            case station, service, rank, tier, load, reason, reasonEn = "reason_en"
        }
    }

    struct ExcludedView: Encodable, Sendable {
        var station: String
        var service: String
        var reason: String
        var code: String
        var reasonEn: String

        enum CodingKeys: String, CodingKey {
            case station, service, reason, code, reasonEn = "reason_en"
        }
    }

    var at: Date
    var station: String
    var service: String?
    var fallback: Bool
    var candidates: [CandidateView]
    var excluded: [ExcludedView]

    init(_ record: RoutingRecord) {
        at = record.at
        station = record.decision.station
        service = record.decision.service
        fallback = record.decision.fallback
        candidates = record.decision.candidates.enumerated().map { index, candidate in
            CandidateView(station: candidate.station, service: candidate.service, rank: index + 1, tier: "\(candidate.tier)",
                          load: candidate.load, reason: candidate.tier.reasonZh, reasonEn: candidate.tier.reasonEn)
        }
        excluded = record.decision.excluded.map {
            ExcludedView(station: $0.station, service: $0.service, reason: $0.reason.reasonZh, code: $0.reason.rawValue, reasonEn: $0.reason.reasonEn)
        }
    }
}

struct RoutingHistoryView: ResponseEncodable {
    var id: String
    var decisions: [RoutingRecordView]
}
