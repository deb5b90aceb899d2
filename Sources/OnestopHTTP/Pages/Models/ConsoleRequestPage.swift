import Foundation
import Mustache
import OnestopDomain
import OnestopStore

/// One request in the console: the firm's details, what it needs, the forms of the actions this key may
/// take, the timeline and, for staff, the routing record.
struct ConsoleRequestPage: PageModel {
    /// A timeline entry as a station or staff see it, internal notes included.
    struct Event: MustacheParent {
        var at: String
        var status: String
        var action: String?
        var actor: String
        var isInternal: Bool
        var note: String?

        func child(named name: String) -> Any? {
            switch name {
            case "at": at
            case "status": status
            case "action": action.orMissing
            case "actor": actor
            case "internal": isInternal
            case "note": note.orMissing
            default: nil
            }
        }
    }

    /// One routing decision: where the request went, and every station considered or left out and why.
    struct Routing: MustacheParent {
        /// A station considered or left out, for which of its services, and why.
        struct Station: MustacheParent {
            var name: String
            var service: String
            var reason: String

            func child(named name: String) -> Any? {
                switch name {
                case "name": self.name
                case "service": service
                case "reason": reason
                default: nil
                }
            }
        }

        var at: String
        var station: String
        var fallback: Bool
        var candidates: [Station]
        var excluded: [Station]

        func child(named name: String) -> Any? {
            switch name {
            case "at": at
            case "station": station
            case "fallback": fallback
            case "candidates": candidates
            case "excluded": excluded
            default: nil
            }
        }
    }

    /// The form of one action: its note, for a reassignment the station, and for a note others may not
    /// need to see, the internal box.
    struct Action: MustacheParent {
        var url: String
        var slug: String
        var danger: Bool
        /// The fields, rendered.
        var station: String?
        var note: String
        var internalLabel: String?
        var button: String

        func child(named name: String) -> Any? {
            switch name {
            case "url": url
            case "slug": slug
            case "danger": danger
            case "stationField": station.orMissing
            case "noteField": note
            case "internalAllowed": internalLabel != nil
            case "internalLabel": internalLabel.orMissing
            case "button": button
            default: nil
            }
        }
    }

    /// What was sent with a refused action, to show again beside its errors.
    struct Attempt {
        var action: RequestAction
        var text: String
        var station: String
        var caseworker: String = ""
        var promisedOn: String = ""
        var reason: String = ""
        /// For a callback, whether the firm was reached (`1`, `0`); for an appeal's review, the decision.
        var choice: String = ""
        var errors: [String: String]
    }

    static let template = PageTemplate.consoleRequest

    var frame: PageFrame
    var request: ServiceRequest
    var staff: Bool
    var done: RequestAction?
    var notice: String?
    var facts: [Term]
    var timeline: [Event]
    var routing: [Routing]
    var actions: [Action] = []
    /// The firm's evaluation and what followed it, once the firm has evaluated.
    var evaluation: [Term]
    /// The notices to the firm: one line each, what it told and how sending it went.
    var notices: [Term] = []

    init(frame: PageFrame, data: ReferenceDataCache.Data, history: RequestHistory, key: AccessKey, done: RequestAction?,
         attempt: Attempt?, notice: String?, notices: [FirmNotice] = []) {
        let language = frame.language
        let item = history.stored.request
        self.frame = frame
        request = item
        staff = key.role == .staff
        self.done = done
        self.notice = notice
        let enterprise = item.enterprise
        var facts: [Term] = [
            Term(language.say("企业", "Firm"), enterprise.name),
            Term(language.say("统一社会信用代码", "Credit code"), enterprise.uscc),
            Term(language.say("县区", "County"), data.regionName(enterprise.region, language)),
        ]
        if let industry = enterprise.industry { facts.append(Term(language.say("行业", "Industry"), industry)) }
        facts += [Term(language.say("联系人", "Contact"), enterprise.contactName), Term(language.say("电话", "Phone"), enterprise.phone)]
        if let email = enterprise.email { facts.append(Term(language.say("邮箱", "Email"), email)) }
        if let service = item.service ?? item.serviceCode, data.serviceNames[service] != nil {
            facts.append(Term(language.say("服务", "Service"), "\(data.serviceName(service, language)) (\(service))"))
        } else if let category = item.categoryCode {
            facts.append(Term(language.say("类别", "Category"), data.categoryName(category, language)))
        }
        facts += [
            Term(language.say("办理方式", "How"), language.mode(item.mode)),
            Term(language.say("服务站", "Station"), item.station.map { data.stationName($0, language) } ?? language.say("（未分派）", "(none)")),
            Term(language.say("提交时间", "Received"), language.time(item.createdAt)),
        ]
        if item.status == .assigned, let deadline = item.acknowledgeBy {
            facts.append(Term(language.say("受理期限", "Accept by"), language.time(deadline)))
        }
        if let caseworker = item.caseworker {
            facts.append(Term(language.say("服务专员", "Caseworker"), "\(caseworker.name)（\(caseworker.phone)）"))
        }
        if let promised = item.promisedOn {
            let overdue = item.isOverdue(at: Date()) ? language.say("（已逾期）", " (overdue)") : ""
            facts.append(Term(language.say("承诺办结日期", "Promised by"), language.day(promised) + overdue))
        }
        let consent = item.notices
        if consent.sms || consent.email {
            let stopped = consent.stoppedAt.map { language.say("，企业已于 \(language.time($0)) 停止", "; stopped by the firm at \(language.time($0))") } ?? ""
            facts.append(Term(language.say("进度通知", "Notices"), language.noticeChannels(consent) + stopped))
        }
        self.notices = notices.reversed().map { notice in
            let channel = notice.channel == .sms ? language.say("短信", "SMS") : language.say("邮件", "Email")
            let status: String = switch notice.status {
            case .pending: language.say("待发送", "waiting") + (notice.nextAttemptAt.map { language.say("（\(language.time($0))）", " (\(language.time($0)))") } ?? "")
            case .sent: language.say("已发送", "sent")
            case .failed: language.say("发送失败", "failed")
            case .unreachable: language.say("无法送达", "cannot be delivered")
            case .stopped: language.say("企业已停止通知", "stopped by the firm")
            }
            let tries = notice.attempts > 0 ? language.say("，尝试 \(notice.attempts) 次", ", \(notice.attempts) tries") : ""
            let error = notice.status == .sent ? "" : (notice.lastError.map { "：\($0)" } ?? "")
            return Term("\(language.time(notice.createdAt)) \(channel)", "\(language.say(notice.event.zh, notice.event.rawValue))：\(status)\(tries)\(error)")
        }
        if !item.declinedBy.isEmpty {
            facts.append(Term(language.say("已退回的服务站", "Declined by"), item.declinedBy.map { data.stationName($0, language) }.joined(separator: "、")))
        }
        self.facts = facts
        timeline = history.timeline.reversed().filter { $0.isVisible(to: key.timelineReader) }.map { event in
            Event(at: language.time(event.at), status: language.status(event.to), action: event.action.map(language.action), actor: event.actor,
                  isInternal: event.isInternal, note: event.note)
        }
        routing = staff ? history.routing.reversed().map { record in
            let decision = record.decision
            return Routing(
                at: language.time(record.at), station: data.stationName(decision.station, language), fallback: decision.fallback,
                candidates: decision.candidates.map { candidate in
                    Routing.Station(
                        name: data.stationName(candidate.station, language), service: candidate.service,
                        reason: "\(language.say(candidate.tier.reasonZh, candidate.tier.reasonEn)) · \(language.say("负载", "load")) \((candidate.load * 100).rounded() / 100)")
                },
                excluded: decision.excluded.map { excluded in
                    Routing.Station(name: data.stationName(excluded.station, language), service: excluded.service,
                                    reason: language.say(excluded.reason.reasonZh, excluded.reason.reasonEn))
                })
        } : []
        evaluation = history.evaluation.map { Self.facts(of: $0, language: language) } ?? []
        actions = Self.actions(for: item, data: data, staff: staff, language: language, attempt: attempt)
            + Self.evaluationActions(for: item, evaluation: history.evaluation, data: data, staff: staff, language: language, attempt: attempt)
    }

    /// The levels, the comment as the firm wrote it, and the follow-up, the callback and the appeal.
    static func facts(of evaluation: Evaluation, language: PageLanguage) -> [Term] {
        var facts = EvaluationIndicator.allCases.compactMap { indicator in
            evaluation.ratings[indicator].map { Term(language.indicator(indicator), language.level($0)) }
        }
        facts.append(Term(language.say("评价时间", "Evaluated"), language.time(evaluation.evaluatedAt)))
        if let comment = evaluation.comment { facts.append(Term(language.say("评价内容", "Comment"), comment)) }
        if let followUp = evaluation.followUp, evaluation.isBadReview {
            facts.append(Term(language.say("整改期限", "Follow up by"), language.time(followUp.dueAt)))
            if let answer = followUp.answer, let at = followUp.answeredAt {
                let late = followUp.answeredOnTime ? "" : language.say("（逾期）", " (late)")
                facts.append(Term(language.say("整改反馈", "Follow-up"), "\(answer)（\(language.time(at))\(late)）"))
            } else if followUp.escalatedAt != nil {
                facts.append(Term(language.say("整改反馈", "Follow-up"), language.say("逾期未反馈，已告知市级平台", "Not answered in time; the platform was told")))
            }
            if let callback = followUp.callback {
                let reached = callback.reached ? language.say("已联系到企业", "reached") : language.say("未联系到企业", "not reached")
                facts.append(Term(language.say("回访", "Callback"), "\(reached)：\(callback.note)（\(language.time(callback.at))）"))
            }
        }
        if let appeal = evaluation.appeal {
            facts.append(Term(language.say("申诉", "Appeal"), "\(appeal.reason)（\(language.time(appeal.at))）"))
            if let decision = appeal.decision {
                facts.append(Term(language.say("复核", "Review"), "\(language.say(decision.nameZh, decision.rawValue))：\(appeal.decisionReason ?? "")"))
            }
        }
        if !evaluation.counts {
            facts.append(Term(language.say("统计", "Figures"), language.say("评价已撤销，不计入统计", "Set aside: left out of the figures")))
        }
        return facts
    }

    /// What the station (follow up, appeal) and staff (call back, review the appeal) may do about a bad review now.
    static func evaluationActions(for item: ServiceRequest, evaluation: Evaluation?, data: ReferenceDataCache.Data, staff: Bool,
                                  language: PageLanguage, attempt: Attempt?) -> [Action] {
        guard let evaluation, evaluation.isBadReview, let followUp = evaluation.followUp else { return [] }
        func action(_ action: RequestAction, label: String, button: String, danger: Bool = false, choice: (name: String, label: String, list: PageFragments.List)? = nil)
            -> Action
        {
            let (field, required) = RequestNotes.field(for: action) ?? ("note", true)
            let slug = action.rawValue.replacingOccurrences(of: "_", with: "-")
            let mine = attempt?.action == action ? attempt : nil
            let extra = choice.map { choice in
                data.fragments.html(FormField(
                    name: choice.name, label: choice.label,
                    kind: .select(data.fragments.html(choice.list, language, selected: mine?.choice, placeholder: language.say("请选择", "Choose"))),
                    error: mine?.errors[choice.name], customID: "\(slug)-\(choice.name)"))
            }
            return Action(
                url: language.link("/console/requests/\(item.id)/\(slug)"), slug: slug, danger: danger, station: extra,
                note: data.fragments.html(FormField(name: field, label: label, kind: .textarea, value: mine?.text ?? "", required: required,
                                                    error: mine?.errors[field], maxLength: RequestNotes.maxLength, customID: "\(slug)-\(field)", rows: 2)),
                internalLabel: nil, button: button)
        }
        var actions: [Action] = []
        if staff {
            if followUp.callback?.reached != true {
                actions.append(action(.recordCallback, label: language.say("回访记录：企业的意见或未联系到的原因", "What the firm said, or why it was not reached"),
                                      button: language.say("记录回访", "Record the callback"),
                                      choice: ("reached", language.say("回访结果", "Outcome"), .callbackOutcomes)))
            }
            if let appeal = evaluation.appeal, appeal.decision == nil {
                actions.append(action(.reviewAppeal, label: language.say("复核理由", "Why"), button: language.say("复核申诉", "Decide the appeal"),
                                      choice: ("decision", language.say("复核结论", "Decision"), .appealDecisions)))
            }
        } else {
            if followUp.answeredAt == nil {
                actions.append(action(.answerFollowUp, label: language.say("整改情况（企业可见）", "What you did (the firm sees this)"),
                                      button: language.say("提交整改反馈", "Send the follow-up")))
            }
            if evaluation.appeal == nil {
                actions.append(action(.appeal, label: language.say("申诉理由：评价为何有误或属恶意", "Why the review is mistaken or malicious"),
                                      button: language.say("申诉", "Appeal"), danger: true))
            }
        }
        return actions
    }

    /// The forms of the actions this key may take on the request as it stands.
    static func actions(for item: ServiceRequest, data: ReferenceDataCache.Data, staff: Bool, language: PageLanguage, attempt: Attempt?) -> [Action] {
        var actions: [Action] = []
        let station = item.station.flatMap { id in data.stations.first { $0.id == id } }
        let hasCaseworkers = station?.caseworkers.contains(where: \.isActive) == true
        let turnaround = item.service.flatMap { code in data.serviceTurnaround[code] }
        func add(_ action: RequestAction, label: String, button: String, danger: Bool = false, internalAllowed: Bool = false,
                 stations: String? = nil) {
            guard let (field, required) = RequestNotes.field(for: action) else { return }
            let slug = action.rawValue.replacingOccurrences(of: "_", with: "-")
            let mine = attempt?.action == action ? attempt : nil
            var extra: [String] = []
            if let stations {
                extra.append(data.fragments.html(FormField(name: "station", label: language.say("改派给", "Give it to"), kind: .select(stations),
                                                           error: mine?.errors["station"], customID: "\(slug)-station")))
            }
            if let station, hasCaseworkers, action == .accept || action == .nameCaseworker {
                let options = data.fragments.html(.caseworkers(station: station.id), language, selected: mine?.caseworker ?? item.caseworker?.id,
                                                  placeholder: language.say("请选择", "Choose"))
                extra.append(data.fragments.html(FormField(
                    name: "caseworker", label: language.say("跟进的服务专员", "Caseworker who follows it"), kind: .select(options),
                    hint: language.say("企业会看到其姓名和电话", "The firm sees the name and phone"), error: mine?.errors["caseworker"],
                    customID: "\(slug)-caseworker")))
            }
            if action == .accept || action == .reschedule {
                let hint = action == .reschedule
                    ? language.say("企业会看到新的日期和原因", "The firm sees the new day and the reason")
                    : turnaround.map { language.say("不填则按办理时限 \($0) 个工作日计算；自定日期须填写原因", "Left empty: \($0) working days, the service's turnaround; a day of your own needs a reason") }
                        ?? language.say("自定日期须填写原因", "A day of your own needs a reason")
                extra.append(data.fragments.html(FormField(
                    name: "promised_on", label: language.say("承诺办结日期", "Promised by"), kind: .input("date"), value: mine?.promisedOn ?? "",
                    required: action == .reschedule, optionalNote: action == .reschedule ? nil : language.say("选填", "optional"), hint: hint,
                    error: mine?.errors["promised_on"], customID: "\(slug)-promised-on")))
            }
            if action == .accept {
                extra.append(data.fragments.html(FormField(
                    name: "reason", label: language.say("自定日期的原因（企业可见）", "Why this day (the firm sees it)"), kind: .textarea,
                    value: mine?.reason ?? "", required: false, optionalNote: language.say("选填", "optional"), error: mine?.errors["reason"],
                    maxLength: RequestNotes.maxLength, customID: "\(slug)-reason", rows: 2)))
            }
            actions.append(Action(
                url: language.link("/console/requests/\(item.id)/\(slug)"), slug: slug, danger: danger,
                station: extra.isEmpty ? nil : extra.joined(),
                note: data.fragments.html(FormField(name: field, label: label, kind: .textarea, value: mine?.text ?? "", required: required,
                                optionalNote: required ? nil : language.say("选填", "optional"), error: mine?.errors[field],
                                maxLength: RequestNotes.maxLength, customID: "\(slug)-\(field)", rows: 2)),
                internalLabel: internalAllowed ? language.say("仅内部可见（企业看不到）", "Internal only (the firm does not see it)") : nil,
                button: button))
        }
        if staff {
            guard !item.status.isFinal else { return [] }
            add(.reassign, label: language.say("改派原因", "Why reassign"), button: language.say("改派", "Reassign"), internalAllowed: true,
                stations: data.fragments.html(.reassignable(from: item.station), language, selected: attempt?.station, placeholder: language.say("请选择", "Choose")))
            add(.closeUnserviceable, label: language.say("无法办理的原因（企业可见）", "Why it cannot be served (the firm sees this)"),
                button: language.say("关闭为无法办理", "Close as unserviceable"), danger: true)
        } else {
            switch item.status {
            case .assigned:
                add(.accept, label: language.say("受理说明", "Note"), button: language.say("受理", "Accept"))
                add(.decline, label: language.say("退回原因", "Why decline"), button: language.say("退回", "Decline"), danger: true)
            case .accepted, .inProgress:
                add(.progress, label: language.say("进展说明", "Progress note"), button: language.say("记录进展", "Add progress"), internalAllowed: true)
                add(.complete, label: language.say("办结说明", "Summary"), button: language.say("办结", "Complete"))
                if hasCaseworkers {
                    add(.nameCaseworker, label: language.say("更换说明", "Note"), button: language.say("更换服务专员", "Change caseworker"))
                }
                add(.reschedule, label: language.say("调整原因（企业可见）", "Why (the firm sees this)"), button: language.say("调整承诺日期", "Move the promised day"))
            default:
                break
            }
        }
        return actions
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "id": return request.id
        case "status": return language.status(request.status)
        case "statusCode": return request.status.rawValue
        case "notice": return notice.orMissing
        case "done": return done.map { language.say("已完成：\(PageLanguage.zh.action($0))", "Done: \(PageLanguage.en.action($0))") }.orMissing
        case "facts": return facts
        case "description": return request.description
        case "actions": return actions
        case "timeline": return timeline
        case "routing": return routing
        case "evaluation": return evaluation
        case "hasEvaluation": return !evaluation.isEmpty
        case "notices": return notices
        case "hasNotices": return !notices.isEmpty
        case "staff": return staff
        case "backURL": return language.link("/console")
        default: return frame.child(named: name)
        }
    }
}
