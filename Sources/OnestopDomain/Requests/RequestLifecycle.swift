

/// The request life cycle: which action each actor may take in each state, and where it leads.
///
///     submitted ─assign→ assigned ─accept→ accepted ─progress→ in_progress ─complete→ completed
///     assigned ─decline→ (re-routed) assigned          any open state ─cancel (firm)→ cancelled
///     assigned ─escalate (system)→ assigned to the platform
///     any open state ─reassign (staff)→ assigned        any open state ─close_unserviceable (staff)→ unserviceable
///     accepted, in_progress ─caseworker, reschedule (station)→ the same    ─overdue (system, once)→ the same
///     completed, unserviceable ─evaluate (firm), follow_up, appeal (station), callback, review_appeal (staff),
///                               follow_up_escalate (system)→ the same, as `EvaluationRules` allow
public enum RequestLifecycle {
    /// Why an action is refused: the caller answers 409 naming the current state, 403/404 for the actor, or
    /// 422 naming the station asked for.
    public enum Refusal: Error, Sendable, Equatable {
        /// The action makes no sense in the current state.
        case invalidTransition(from: RequestStatus, action: RequestAction)
        /// This actor may never take this action, or not on this request.
        case notPermitted(action: RequestAction)
        /// The station the request was to move to is not serving (suspended or retired) or does not exist.
        case stationUnavailable(String)
        /// The caseworker is not an active caseworker of the request's station; nil when one must be named and was not.
        case caseworkerUnavailable(String?)
        /// The promised day is missing, before today, or moved without a reason.
        case promiseRefused(PromiseProblem)
        /// The evaluation step is refused by `EvaluationRules`.
        case evaluationRefused(EvaluationRules.Problem)
    }

    public enum PromiseProblem: Sendable, Equatable {
        /// A day before today.
        case inThePast(CivilDay)
        /// Moving the promise needs a reason the firm sees.
        case reasonMissing
        /// `reschedule` without a day.
        case dayMissing
    }

    /// The status the action leads to, or why it is refused.
    /// - Parameter assignedStation: the station the request is assigned to now, if any.
    public static func apply(_ action: RequestAction, by actor: RequestActor, to status: RequestStatus, assignedStation: String?) -> Result<RequestStatus, Refusal> {
        guard permits(actor, action, assignedStation: assignedStation) else { return .failure(.notPermitted(action: action)) }
        let next: RequestStatus?
        switch (action, status) {
        case (.assign, .submitted): next = .assigned
        case (.accept, .assigned): next = .accepted
        case (.decline, .assigned): next = .assigned
        case (.progress, .accepted), (.progress, .inProgress): next = .inProgress
        case (.complete, .accepted), (.complete, .inProgress): next = .completed
        case (.cancel, let current) where !current.isFinal: next = .cancelled
        case (.escalate, .assigned): next = .assigned
        case (.reassign, let current) where !current.isFinal: next = .assigned
        case (.closeUnserviceable, let current) where !current.isFinal: next = .unserviceable
        case (.nameCaseworker, .accepted), (.nameCaseworker, .inProgress), (.reschedule, .accepted), (.reschedule, .inProgress),
             (.flagOverdue, .accepted), (.flagOverdue, .inProgress):
            next = status
        case (let step, let current) where step.isEvaluationStep && (current == .completed || current == .unserviceable):
            next = status
        default: next = nil
        }
        guard let next else { return .failure(.invalidTransition(from: status, action: action)) }
        return .success(next)
    }

    static func permits(_ actor: RequestActor, _ action: RequestAction, assignedStation: String?) -> Bool {
        switch (actor, action) {
        case (.firm, .cancel): true
        case (.station(let id), .accept), (.station(let id), .decline), (.station(let id), .progress), (.station(let id), .complete),
             (.station(let id), .nameCaseworker), (.station(let id), .reschedule):
            id == assignedStation
        case (.system, .flagOverdue), (.system, .escalateFollowUp): true
        case (.firm, .evaluate): true
        case (.station(let id), .answerFollowUp), (.station(let id), .appeal): id == assignedStation
        case (.staff, .recordCallback), (.staff, .reviewAppeal): true
        case (.staff, .reassign), (.staff, .closeUnserviceable), (.staff, .cancel): true
        case (.system, .assign), (.system, .escalate): true
        default: false
        }
    }
}
