import OnestopDomain

package struct RequestEventRecord: Codable, GeneratedIDRow {
    /// The table the record is a row of.
    package static let table = "request_event"
    package var id: Int64?
    package var requestId: String
    package var at: Int64
    package var actor: String
    package var action: String?
    package var fromStatus: String?
    package var toStatus: String
    package var note: String?
    package var isInternal: Bool

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, requestId = "request_id", at, actor, action, fromStatus = "from_status", toStatus = "to_status", note, isInternal = "internal"
    }

    package init(requestID: String, event: RequestEvent) {
        id = nil
        requestId = requestID
        at = Milliseconds.from(event.at)
        actor = event.actor
        action = event.action?.rawValue
        fromStatus = event.from?.rawValue
        toStatus = event.to.rawValue
        note = event.note
        isInternal = event.isInternal
    }

    package var event: RequestEvent {
        RequestEvent(
            at: Milliseconds.date(at), actor: actor, action: action.flatMap(RequestAction.init(rawValue:)), from: fromStatus.flatMap(RequestStatus.init(rawValue:)),
            to: RequestStatus(rawValue: toStatus) ?? .submitted, note: note, isInternal: isInternal
        )
    }
}
