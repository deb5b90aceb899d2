import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

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
