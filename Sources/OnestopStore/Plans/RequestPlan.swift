import Foundation
import OnestopDomain

/// What a submission or an action writes, decided apart from any database: each store reads what the
/// plan needs, asks for the plan, and writes it in one transaction. Both stores share these rules.
package enum RequestPlan {
    /// A new request, routed: the request, its timeline so far and its first routing record.
    package struct Intake {
        package var stored: StoredServiceRequest
        package var decision: RoutingDecision?
        package var events: [RequestEvent]
        package var routing: RoutingRecord?
        /// Years a deadline fell in that the calendar has no notice for.
        package var uncoveredYears: Set<Int> = []
    }

    package static func intake(_ new: NewServiceRequest, id: String, at now: Date, snapshot: RoutingSnapshot) -> Intake {
        let submission = new.submission
        let decision = RoutingPolicy.route(submission.need, in: snapshot)
        let deadline = decision.map { decision in
            new.acknowledgement.deadline(from: now, station: snapshot.stations.first { $0.id == decision.station }, calendar: snapshot.calendar)
        }
        let request = ServiceRequest(
            id: id, status: decision == nil ? .submitted : .assigned, enterprise: submission.enterprise,
            serviceCode: submission.need.serviceCode, categoryCode: submission.need.categoryCode,
            description: submission.description, mode: submission.need.mode,
            preferredStation: submission.need.preferredStation, station: decision?.station, service: decision?.service,
            acknowledgeBy: deadline.map { Milliseconds.truncated($0.value) },
            createdAt: now, updatedAt: now, notices: submission.notices
        )
        var events = [RequestEvent(at: now, actor: "firm", action: nil, from: nil, to: .submitted)]
        if let decision {
            let note = decision.fallback
                ? "没有服务站提供该服务，由市级平台协调办理 (no station offers this; the platform will arrange it)"
                : nil
            events.append(RequestEvent(at: now, actor: "system", action: .assign, from: .submitted, to: .assigned, note: note))
        }
        return Intake(
            stored: StoredServiceRequest(request: request, tokenNonce: new.tokenNonce, shortLink: new.shortLink), decision: decision, events: events,
            routing: decision.map { RoutingRecord(at: now, decision: $0) }, uncoveredYears: deadline?.uncoveredYears ?? [])
    }

    /// An action taken: the request after it, the events to append and the routing record when it moved.
    package struct Transition {
        package var after: StoredServiceRequest
        package var events: [RequestEvent]
        package var routing: RoutingRecord?
        /// Years a deadline fell in that the calendar has no notice for.
        package var uncoveredYears: Set<Int> = []
        /// The request's evaluation when the action made or changed it: written in the same transaction.
        package var evaluation: Evaluation?
        /// Audit entries the change makes: an appeal and its review change whether a review counts.
        package var audits: [AuditRecord] = []
    }

    /// Whether `action` moves the request to another station, so that the plan needs a routing snapshot.
    package static func reroutes(_ action: RequestAction) -> Bool {
        [.decline, .escalate, .reassign].contains(action)
    }

    /// The station whose load an open request leaves when it is rerouted.
    package static func leaving(_ request: ServiceRequest) -> String? {
        request.status.isOpen ? request.station : nil
    }

    /// The outcome of `change` on `stored`; `snapshot` is needed (and only read) when the action reroutes.
    /// `catalog` gives the station's caseworkers, the service's turnaround and the working-day calendar;
    /// `evaluation` is the request's evaluation as stored, read for the evaluation's actions.
    package static func transition(_ change: RequestChange, of stored: StoredServiceRequest, snapshot: RoutingSnapshot?,
                                   catalog: RoutingCatalog, evaluation: Evaluation? = nil) -> Result<Transition, RequestLifecycle.Refusal> {
        var request = stored.request
        let before = request.status
        var next: RequestStatus
        switch RequestLifecycle.apply(change.action, by: change.actor, to: before, assignedStation: request.station) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let status): next = status
        }
        let now = Milliseconds.truncated(change.at)
        if change.action.isEvaluationStep {
            return evaluationStep(change, of: stored, status: next, evaluation: evaluation, at: now, calendar: catalog.calendar)
        }
        var fallbackNote: String?
        var routing: RoutingRecord?
        var uncoveredYears: Set<Int> = []
        if reroutes(change.action), let snapshot {
            if change.action == .escalate, snapshot.stations.first(where: { $0.id == request.station })?.kind == .platform {
                // Already with the platform, there is nowhere higher to go: a second escalation (another
                // pass, another instance) is refused rather than written twice.
                return .failure(.invalidTransition(from: before, action: .escalate))
            }
            if change.action == .decline, let station = request.station, !request.declinedBy.contains(station) {
                request.declinedBy.append(station)
            }
            if change.action == .reassign {
                // Checked here, in the transaction, against the catalog it reads: a station suspended a moment ago is refused.
                let target = change.toStation ?? ""
                guard snapshot.stations.contains(where: { $0.id == target && $0.status == .active }) else {
                    return .failure(.stationUnavailable(target))
                }
            }
            let decision: RoutingDecision?
            switch change.action {
            case .reassign: decision = change.toStation.map { decisionSending(to: $0, in: snapshot) }
            case .escalate: decision = snapshot.stations.first { $0.kind == .platform && $0.status == .active }
                .map { decisionSending(to: $0.id, in: snapshot) }
            default: decision = RoutingPolicy.route(request.need, in: snapshot)
            }
            if let decision {
                routing = RoutingRecord(at: now, decision: decision)
                request.station = decision.station
                request.service = decision.service
                let deadline = change.acknowledgement.deadline(
                    from: now, station: snapshot.stations.first { $0.id == decision.station }, calendar: snapshot.calendar)
                request.acknowledgeBy = Milliseconds.truncated(deadline.value)
                uncoveredYears = deadline.uncoveredYears
                if decision.fallback && change.action == .decline {
                    fallbackNote = "没有服务站可以承接，由市级平台协调办理 (no station can take it; the platform will arrange it)"
                }
            } else {
                request.station = nil
                request.service = nil
                request.acknowledgeBy = nil
                next = .submitted
            }
            // The next station accepts anew, names its own caseworker and makes its own promise.
            request.caseworker = nil
            request.acceptedAt = nil
            request.promisedOn = nil
            request.overdueAt = nil
        }
        var note = change.note
        var followUp: RequestEvent?
        switch promises(change, on: &request, at: now, catalog: catalog) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let outcome):
            uncoveredYears.formUnion(outcome.uncoveredYears)
            if let own = outcome.note { note = own }
            // An internal acceptance note stays internal; who follows the request and by when is the firm's to see.
            if !outcome.facts.isEmpty {
                let facts = outcome.facts.joined(separator: "\n")
                if change.isInternal {
                    followUp = RequestEvent(at: now, actor: change.actorName, action: .reschedule, from: next, to: next, note: facts)
                } else {
                    note = [facts, note].compactMap { $0 }.joined(separator: "\n")
                }
            }
        }
        if next.isFinal && !before.isFinal { request.closedAt = now }
        request.status = next
        request.updatedAt = now
        var events = [RequestEvent(at: now, actor: change.actorName, action: change.action, from: before, to: next, note: note,
                                   isInternal: change.isInternal || change.action == .flagOverdue)]
        if let followUp { events.append(followUp) }
        if let fallbackNote { events.append(RequestEvent(at: now, actor: "system", action: .assign, from: next, to: next, note: fallbackNote)) }
        return .success(Transition(after: StoredServiceRequest(request: request, tokenNonce: stored.tokenNonce, shortLink: stored.shortLink), events: events, routing: routing,
                                     uncoveredYears: uncoveredYears))
    }

    /// A step of the request's evaluation: its status stays, the evaluation changes, and the timeline says how.
    /// The firm sees its rating and the station's follow-up; callbacks, appeals, reviews and escalations are internal.
    static func evaluationStep(_ change: RequestChange, of stored: StoredServiceRequest, status: RequestStatus, evaluation: Evaluation?,
                               at now: Date, calendar: WorkingCalendar) -> Result<Transition, RequestLifecycle.Refusal>
    {
        guard let step = change.evaluation, step.action == change.action else {
            return .failure(.invalidTransition(from: status, action: change.action))
        }
        var request = stored.request
        let outcome: EvaluationRules.Outcome
        switch EvaluationRules.apply(step, to: evaluation, of: request, actorName: change.actorName, at: now,
                                     policy: change.evaluationPolicy, calendar: calendar) {
        case .failure(let problem): return .failure(.evaluationRefused(problem))
        case .success(let done): outcome = done
        }
        request.updatedAt = now
        let isInternal = ![RequestAction.evaluate, .answerFollowUp].contains(change.action)
        let event = RequestEvent(at: now, actor: change.actorName, action: change.action, from: status, to: status, note: outcome.note,
                                 isInternal: isInternal)
        var audits: [AuditRecord] = []
        if let appeal = outcome.evaluation.appeal, step.action == .appeal || step.action == .reviewAppeal {
            let fields: [(String, String?)] = step.action == .appeal
                ? [("evaluation.appeal.reason", appeal.reason)]
                : [("evaluation.appeal.decision", appeal.decision?.rawValue), ("evaluation.appeal.decision_reason", appeal.decisionReason)]
            audits.append(AuditRecord(.request, request.id, .update, changes: fields.map { field, value in
                FieldChange(field: field, old: nil, new: value.flatMap { String(decoding: (try? JSONEncoder().encode($0)) ?? Data(), as: UTF8.self) })
            }, actor: change.actorName, at: now))
        }
        return .success(Transition(after: StoredServiceRequest(request: request, tokenNonce: stored.tokenNonce, shortLink: stored.shortLink), events: [event], routing: nil,
                                   uncoveredYears: outcome.uncoveredYears, evaluation: outcome.evaluation, audits: audits))
    }

    /// What naming a caseworker and promising a day change, and the timeline entries the firm sees for them.
    struct PromiseOutcome {
        /// Replaces the change's own note as the text of its timeline entry.
        var note: String?
        /// For an acceptance: the caseworker and the promise, written first in its timeline entry.
        var facts: [String] = []
        var uncoveredYears: Set<Int> = []
    }

    static func promises(_ change: RequestChange, on request: inout ServiceRequest, at now: Date, catalog: RoutingCatalog)
        -> Result<PromiseOutcome, RequestLifecycle.Refusal>
    {
        let calendar = catalog.calendar
        let today = calendar.civilDay(of: now)
        let station = request.station.flatMap { catalog.stationsByID[$0] }
        var outcome = PromiseOutcome()
        func named(_ id: String?) -> Result<Caseworker, RequestLifecycle.Refusal> {
            guard let id, let caseworker = station?.activeCaseworker(id) else { return .failure(.caseworkerUnavailable(id)) }
            return .success(caseworker)
        }
        /// A day of the station's own, accepting or moving: not before today, with the reason the firm is told.
        func checked(_ promise: RequestChange.Promise) -> Result<(day: CivilDay, reason: String), RequestLifecycle.Refusal> {
            guard promise.day >= today else { return .failure(.promiseRefused(.inThePast(promise.day))) }
            guard let reason = promise.reason, !reason.isEmpty else { return .failure(.promiseRefused(.reasonMissing)) }
            return .success((promise.day, reason))
        }
        func describe(_ caseworker: Caseworker) -> String { "\(caseworker.name)，电话 \(caseworker.phone)" }
        switch change.action {
        case .accept:
            if change.caseworker != nil || station?.caseworkers.contains(where: \.isActive) == true {
                switch named(change.caseworker) {
                case .failure(let refusal): return .failure(refusal)
                case .success(let caseworker):
                    request.caseworker = caseworker
                    outcome.facts.append("服务专员：\(describe(caseworker)) (caseworker: \(caseworker.name), \(caseworker.phone))")
                }
            }
            request.acceptedAt = now
            if let promise = change.promise {
                let day: CivilDay, reason: String
                switch checked(promise) {
                case .failure(let refusal): return .failure(refusal)
                case .success(let own): (day, reason) = own
                }
                request.promisedOn = day
                outcome.facts.append("承诺办结日期：\(day)。说明：\(reason) (promised by \(day): \(reason))")
            } else if let days = request.service.flatMap({ catalog.servicesByCode[$0]?.turnaroundDays }) {
                let due = calendar.counting(workingDays: days, after: now)
                outcome.uncoveredYears = due.uncoveredYears
                let day = calendar.civilDay(of: due.value)
                request.promisedOn = day
                outcome.facts.append("承诺办结日期：\(day)（办理时限 \(days) 个工作日） (promised by \(day): \(days) working days)")
            }
        case .nameCaseworker:
            switch named(change.caseworker) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let caseworker):
                request.caseworker = caseworker
                outcome.note = "服务专员改为：\(describe(caseworker))" + (change.note.map { "。说明：\($0)" } ?? "")
                    + " (caseworker now \(caseworker.name), \(caseworker.phone))"
            }
        case .reschedule:
            guard let promise = change.promise else { return .failure(.promiseRefused(.dayMissing)) }
            let day: CivilDay, reason: String
            switch checked(promise) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let own): (day, reason) = own
            }
            let old = request.promisedOn.map(\.description) ?? "未定"
            request.promisedOn = day
            // A new promise is announced anew if it too is missed.
            request.overdueAt = nil
            outcome.note = "承诺办结日期由 \(old) 改为 \(day)。原因：\(reason) (promise moved from \(old) to \(day): \(reason))"
        case .complete:
            request.completedAt = now
        case .flagOverdue:
            guard request.overdueAt == nil, request.isOverdue(at: now, calendar: calendar), let promised = request.promisedOn else {
                return .failure(.invalidTransition(from: request.status, action: .flagOverdue))
            }
            request.overdueAt = now
            outcome.note = "已超过承诺办结日期 \(promised)，已告知市级平台 (past the promised day \(promised); the platform has been told)"
        default:
            break
        }
        return .success(outcome)
    }

    /// A decision that sends the request to `station`, as its service matching the need when it has one.
    package static func decisionSending(to station: String, in snapshot: RoutingSnapshot) -> RoutingDecision {
        let service = snapshot.services.first { $0.station == station && $0.status == .active }?.code
        return RoutingDecision(station: station, service: service, fallback: service == nil)
    }

    /// The changes to the open-request count of each station as a request moves: +1 or -1 per station.
    /// A request that stays open with the same station changes nothing.
    package static func loadChanges(from old: (station: String?, status: RequestStatus)?, to new: (station: String?, status: RequestStatus)) -> [(station: String, delta: Int)] {
        let leaving = old.flatMap { old in old.status.isOpen ? old.station : nil }
        let arriving = new.status.isOpen ? new.station : nil
        guard leaving != arriving else { return [] }
        return [leaving.map { ($0, -1) }, arriving.map { ($0, 1) }].compactMap { $0 }
    }

    /// `PREFIX-YYYYMMDD`, the day in China Standard Time: request ids are numbered per prefix and day.
    package static func sequenceKey(prefix: String, at date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WorkingCalendar.china.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(prefix)-" + pad(parts.year ?? 0, 4) + pad(parts.month ?? 0, 2) + pad(parts.day ?? 0, 2)
    }

    package static func requestID(key: String, number: Int) -> String {
        "\(key)-" + pad(number, 4)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
