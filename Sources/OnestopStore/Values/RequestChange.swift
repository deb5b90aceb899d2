import Foundation
import OnestopDomain

/// An action on a request, by someone, with an optional note.
public struct RequestChange: Sendable {
    public var requestID: String
    public var action: RequestAction
    public var actor: RequestActor
    /// How the actor appears in the timeline: `firm`, `station:jinzhai`, `staff:ops (key_…)`.
    public var actorName: String
    public var note: String?
    public var isInternal: Bool
    public var at: Date
    /// For `reassign`: the station staff chose.
    public var toStation: String?
    /// When a station the request moves to must have accepted it.
    public var acknowledgement: AcknowledgementPolicy
    /// For `accept` and `caseworker`: the id of the station's caseworker who follows the request.
    public var caseworker: String?
    /// For `accept` (instead of the service's turnaround) and `reschedule`: the day promised and why.
    public var promise: Promise?
    /// For the evaluation's actions: the step taken, and the rules of time it is taken under.
    public var evaluation: EvaluationStep?
    public var evaluationPolicy: EvaluationPolicy = .standard

    /// A promised day and the reason the firm is told.
    public struct Promise: Sendable, Equatable {
        public var day: CivilDay
        public var reason: String?

        public init(day: CivilDay, reason: String?) {
            self.day = day
            self.reason = reason
        }
    }

    public init(
        requestID: String, action: RequestAction, actor: RequestActor, actorName: String, note: String? = nil,
        isInternal: Bool = false, at: Date, toStation: String? = nil,
        acknowledgement: AcknowledgementPolicy, caseworker: String? = nil, promise: Promise? = nil
    ) {
        self.caseworker = caseworker
        self.promise = promise
        self.requestID = requestID
        self.action = action
        self.actor = actor
        self.actorName = actorName
        self.note = note
        self.isInternal = isInternal
        self.at = at
        self.toStation = toStation
        self.acknowledgement = acknowledgement
    }

    /// A step of the request's evaluation, taken as its action.
    public init(requestID: String, step: EvaluationStep, actor: RequestActor, actorName: String, at: Date, policy: EvaluationPolicy,
                acknowledgement: AcknowledgementPolicy) {
        self.init(requestID: requestID, action: step.action, actor: actor, actorName: actorName, at: at, acknowledgement: acknowledgement)
        evaluation = step
        evaluationPolicy = policy
    }
}
