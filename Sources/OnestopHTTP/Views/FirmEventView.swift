import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

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
