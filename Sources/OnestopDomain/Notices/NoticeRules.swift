/// Which notices a request's change tells its firm of, decided apart from any database and any provider.
public enum NoticeRules {
    /// A notice to write: one event, on one channel.
    public struct Planned: Sendable, Equatable {
        public var event: NoticeEvent
        public var channel: NoticeChannel
        public var facts: NoticeFacts
    }

    /// The notices `action` on `before` (nil: the request just arrived) causes, on every channel the firm agreed to
    /// and has not stopped. `publicNote` is the note the firm may read (never an internal one); `promiseReason` the
    /// reason given with a moved promise.
    public static func notices(action: RequestAction?, before: ServiceRequest?, after: ServiceRequest, publicNote: String?,
                               promiseReason: String?, evaluation: Evaluation?, serviceName: String?, stationName: String?) -> [Planned] {
        let channels = after.notices.channels
        guard !channels.isEmpty, let event = event(action: action, before: before, after: after, evaluation: evaluation) else { return [] }
        var facts = NoticeFacts(requestID: after.id, service: serviceName)
        switch event {
        case .received:
            break
        case .accepted:
            facts.station = stationName
            facts.caseworker = after.caseworker?.name
            facts.caseworkerPhone = after.caseworker?.phone
            facts.date = after.promisedOn?.description
        case .rescheduled:
            facts.station = stationName
            facts.date = after.promisedOn?.description
            facts.reason = promiseReason
        case .completed:
            facts.station = stationName
        case .unserviceable:
            facts.reason = publicNote
        case .followUpAnswered:
            facts.station = stationName
            facts.answer = evaluation?.followUp?.answer
        }
        return channels.map { Planned(event: event, channel: $0, facts: facts) }
    }

    static func event(action: RequestAction?, before: ServiceRequest?, after: ServiceRequest, evaluation: Evaluation?) -> NoticeEvent? {
        guard let before else { return .received }
        switch action {
        case .accept: return .accepted
        case .reschedule where before.promisedOn != after.promisedOn: return .rescheduled
        case .complete: return .completed
        case .closeUnserviceable: return .unserviceable
        case .answerFollowUp where evaluation?.followUp?.answer != nil: return .followUpAnswered
        default: return nil
        }
    }
}
