import Foundation

/// An event about a request and who should hear of it.
public struct WebhookEvent: Sendable, Equatable {
    public enum Audience: Sendable, Equatable {
        /// The endpoints of one station.
        case station(String)
        /// The endpoints of the municipal platform(s).
        case platform
    }

    public var type: WebhookEventType
    public var audience: Audience
    /// For `request.withdrawn`: the station losing the request.
    public var previousStation: String?

    public init(type: WebhookEventType, audience: Audience, previousStation: String? = nil) {
        self.type = type
        self.audience = audience
        self.previousStation = previousStation
    }

    /// The events a change of a request causes. `before` is nil for a new request; `evaluation` is the
    /// request's evaluation after the change, for the evaluation's actions.
    public static func caused(by action: RequestAction?, before: ServiceRequest?, after: ServiceRequest, evaluation: Evaluation? = nil)
        -> [WebhookEvent]
    {
        var events: [WebhookEvent] = []
        if action == .evaluate, let evaluation {
            for type in evaluation.isBadReview ? [WebhookEventType.requestEvaluated, .requestBadReview] : [.requestEvaluated] {
                if let station = evaluation.station { events.append(WebhookEvent(type: type, audience: .station(station))) }
                events.append(WebhookEvent(type: type, audience: .platform))
            }
            return events
        }
        if action == .escalateFollowUp { return [WebhookEvent(type: .requestFollowUpEscalated, audience: .platform)] }
        let oldStation = before.flatMap { $0.status.isOpen ? $0.station : nil }
        let newStation = after.status.isOpen ? after.station : nil
        if let newStation, newStation != oldStation {
            events.append(WebhookEvent(type: .requestAssigned, audience: .station(newStation)))
        }
        if let oldStation, oldStation != newStation {
            events.append(WebhookEvent(type: .requestWithdrawn, audience: .station(oldStation), previousStation: oldStation))
        }
        if action == .cancel { events.append(WebhookEvent(type: .requestCancelled, audience: .platform)) }
        if action == .escalate { events.append(WebhookEvent(type: .requestEscalated, audience: .platform)) }
        if action == .flagOverdue { events.append(WebhookEvent(type: .requestOverdue, audience: .platform)) }
        if before?.status != after.status || before == nil {
            events.append(WebhookEvent(type: .requestStatusChanged, audience: .platform))
        }
        return events
    }
}
