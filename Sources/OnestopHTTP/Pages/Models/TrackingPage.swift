import Foundation
import Mustache
import OnestopDomain
import OnestopStore

/// The firm's private page for one request: where it stands, who serves it, what happened, and cancelling.
struct TrackingPage: PageModel {
    /// The station serving the request, with how to reach it.
    struct Contact: MustacheParent {
        var name: String
        var url: String
        var phone: String
        var address: String
        var email: String?
        var hours: String

        func child(named name: String) -> Any? {
            switch name {
            case "name": self.name
            case "url": url
            case "phone": phone
            case "address": address
            case "email": email.orMissing
            case "hours": hours.isEmpty ? Missing() : hours
            default: nil
            }
        }
    }

    /// A timeline entry as the firm sees it.
    struct Event: MustacheParent {
        var at: String
        var status: String
        var by: String
        var note: String?

        func child(named name: String) -> Any? {
            switch name {
            case "at": at
            case "status": status
            case "by": by
            case "note": note.orMissing
            default: nil
            }
        }
    }

    /// The firm's evaluation as the page shows it, with the station's answer to a bad review.
    struct Given: MustacheParent {
        var levels: [[String: String]]
        var comment: String?
        var followUpDue: String?
        var followUpAnswer: String?

        func child(named name: String) -> Any? {
            switch name {
            case "levels": levels
            case "comment": comment.orMissing
            case "followUpDue": followUpDue.orMissing
            case "followUpAnswer": followUpAnswer.orMissing
            default: nil
            }
        }
    }

    /// One indicator of the evaluation form: five levels, none chosen until the firm chooses.
    struct Indicator: MustacheParent {
        var field: String
        var name: String
        var required: Bool
        var choices: [[String: Any]]

        func child(named name: String) -> Any? {
            switch name {
            case "field": field
            case "name": self.name
            case "required": required
            case "choices": choices
            default: nil
            }
        }
    }

    /// What the firm sent in the evaluation form, and what was wrong with it, to show the form again.
    struct EvaluationInput {
        var levels: [String: String] = [:]
        var comment = ""
        var errors: [String] = []
    }

    static let template = PageTemplate.track

    var frame: PageFrame
    var request: ServiceRequest
    var token: String
    var notice: String?
    /// The link to keep, shown once, right after the request was sent.
    var trackingURL: String?
    var what: String?
    var whatURL: String?
    var station: Contact?
    var timeline: [Event]
    var given: Given?
    /// While the firm may evaluate: until when.
    var evaluateBy: Date?
    var evaluationInput: EvaluationInput

    init(frame: PageFrame, data: ReferenceDataCache.Data, history: RequestHistory, token: String, notice: String?, trackingURL: String?,
         evaluateBy: Date?, evaluationInput: EvaluationInput = EvaluationInput()) {
        let language = frame.language
        let request = history.stored.request
        self.frame = frame
        self.request = request
        self.token = token
        self.notice = notice
        self.trackingURL = trackingURL
        // Names and contacts come from the catalog as cached per version: one database read fewer for each.
        if let code = request.service ?? request.serviceCode, data.serviceNames[code] != nil {
            what = data.serviceName(code, language)
            whatURL = language.link("/services/\(code)")
        } else if let code = request.categoryCode, let category = data.categories.first(where: { $0.code == code }) {
            what = language.pick(category.name, category.nameEn)
        }
        if let id = request.station, let station = data.stations.first(where: { $0.id == id }) {
            self.station = Contact(
                name: language.pick(station.name, station.nameEn), url: language.link("/stations/\(station.id)"), phone: station.phone,
                address: station.address, email: station.email, hours: language.hours(station.hours).joined(separator: language.say("；", "; ")))
        }
        self.evaluateBy = evaluateBy
        self.evaluationInput = evaluationInput
        given = history.evaluation.map { evaluation in
            Given(
                levels: EvaluationIndicator.allCases.compactMap { indicator in
                    evaluation.ratings[indicator].map { ["indicator": language.indicator(indicator), "level": language.level($0)] }
                },
                comment: evaluation.comment,
                followUpDue: evaluation.followUp.flatMap { $0.answer == nil ? language.time($0.dueAt) : nil },
                followUpAnswer: evaluation.followUp?.answer)
        }
        timeline = history.timeline.filter { $0.isVisible(to: .firm) }.reversed().map { event in
            let by = switch FirmEventView(event).by {
            case "firm": language.say("您", "You")
            case "station": language.say("服务站", "Station")
            case "system": language.say("系统", "System")
            default: language.say("平台", "Platform")
            }
            let what = event.action.flatMap { [.nameCaseworker, .reschedule, .evaluate, .answerFollowUp].contains($0) ? language.action($0) : nil }
            return Event(at: language.time(event.at), status: what ?? language.status(event.to), by: by, note: event.note)
        }
    }

    /// What the firm hears of the request and how, with the stop button while anything goes out; nil when it agreed to nothing.
    var notices: [String: Any]? {
        let consent = request.notices
        guard consent.sms || consent.email else { return nil }
        let language = frame.language
        return [
            "channels": language.noticeChannels(consent),
            "stoppedAt": consent.stoppedAt.map(language.time).orMissing,
            "active": consent.isActive,
        ]
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "id": return request.id
        case "token": return token
        case "status": return language.status(request.status)
        case "statusCode": return request.status.rawValue
        case "notice": return notice.orMissing
        case "trackingURL": return trackingURL.orMissing
        case "what": return what.orMissing
        case "whatURL": return whatURL.orMissing
        case "description": return request.description
        case "enterprise": return request.enterprise.name
        case "mode": return language.mode(request.mode)
        case "createdAt": return language.time(request.createdAt)
        case "acknowledgeBy": return (request.status == .assigned ? request.acknowledgeBy.map(language.time) : nil).orMissing
        case "station": return station.orMissing
        case "caseworkerName": return (request.caseworker?.name).orMissing
        case "caseworkerPhone": return (request.caseworker?.phone).orMissing
        case "promisedOn": return (request.status.isFinal ? nil : request.promisedOn.map { language.day($0) }).orMissing
        case "overdue": return request.isOverdue(at: Date())
        case "timeline": return timeline
        case "canCancel": return !request.status.isFinal
        case "evaluation": return given.orMissing
        case "evaluateBy": return evaluateBy.map(language.time).orMissing
        case "evaluationErrors": return evaluationInput.errors
        case "evaluationComment": return evaluationInput.comment
        case "notices": return notices.orMissing
        case "indicators":
            return EvaluationIndicator.allCases.map { indicator in
                Indicator(field: indicator.rawValue, name: language.indicator(indicator), required: indicator == .overall,
                          choices: SatisfactionLevel.allCases.map { level in
                              ["value": level.rawValue, "name": language.level(level), "checked": evaluationInput.levels[indicator.rawValue] == level.rawValue]
                          })
            }
        default: return frame.child(named: name)
        }
    }
}
