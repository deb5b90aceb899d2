import Foundation
import OnestopDomain

/// What a group message says about an event, read from the event's standard webhook body (the outbox
/// keeps that body; a robot's message is made from it at each attempt).
public struct RobotNotice: Decodable, Sendable, Equatable {
    public var type: WebhookEventType
    public var data: Details

    public struct Details: Decodable, Sendable, Equatable {
        public var requestID: String
        public var status: RequestStatus
        public var previousStatus: RequestStatus?
        public var station: String?
        public var stationName: String?
        public var service: Service?
        public var category: String?
        public var mode: ServiceMode
        public var description: String
        public var enterprise: Enterprise
        public var acknowledgeBy: Date?
        public var note: String?
        public var caseworker: Caseworker?
        public var promisedOn: CivilDay?
        public var evaluation: Evaluation?

        /// The firm's levels and comment, and the follow-up's deadline, for the evaluation's events.
        public struct Evaluation: Decodable, Sendable, Equatable {
            public var overall: SatisfactionLevel
            public var efficiency: SatisfactionLevel?
            public var proficiency: SatisfactionLevel?
            public var attitude: SatisfactionLevel?
            public var comment: String?
            public var followUpDue: Date?

            enum CodingKeys: String, CodingKey {
                case overall, efficiency, proficiency, attitude, comment, followUpDue = "follow_up_due"
            }
        }

        public struct Caseworker: Decodable, Sendable, Equatable {
            public var name: String
            public var phone: String
        }

        public struct Service: Decodable, Sendable, Equatable {
            public var code: String
            public var name: String
        }

        public struct Enterprise: Decodable, Sendable, Equatable {
            public var name: String
            public var contactName: String
            public var phone: String

            enum CodingKeys: String, CodingKey {
                case name, contactName = "contact_name", phone
            }
        }

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id", status, previousStatus = "previous_status", station, stationName = "station_name", service
            case category, mode, description, enterprise, acknowledgeBy = "acknowledge_by", note, caseworker, promisedOn = "promised_on"
            case evaluation
        }
    }

    /// Reads a standard webhook body.
    public init(body: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        self = try decoder.decode(RobotNotice.self, from: Data(body))
    }

    /// The one line that says what happened, as a title.
    public var headline: String {
        let firm = data.enterprise.name
        let service = data.service?.name ?? data.category ?? "服务"
        switch type {
        case .requestAssigned: return "新需求：\(firm) 申请 \(service)"
        case .requestWithdrawn: return "需求已转出：\(firm) 的 \(service)"
        case .requestCancelled: return "企业已取消：\(firm) 的 \(service)"
        case .requestEscalated: return "超时未受理，已转市级平台：\(firm) 的 \(service)"
        case .requestStatusChanged: return "状态变更：\(firm) 的 \(service)"
        case .requestOverdue: return "超过承诺办结日期：\(firm) 的 \(service)"
        case .requestEvaluated: return "企业评价：\(data.evaluation?.overall.nameZh ?? "已评价")：\(firm) 的 \(service)"
        case .requestBadReview: return "差评待整改：\(firm) 的 \(service)"
        case .requestFollowUpEscalated: return "差评整改超期未反馈：\(firm) 的 \(service)"
        }
    }

    /// The facts below the headline, most important first, without the link. The firm's phone is
    /// masked unless the station asked for it in full: a group chat is read by many people.
    public func facts(now: Date, contact: RobotContact = .masked) -> [String] {
        var lines = ["编号：\(data.requestID)", "方式：\(data.mode.nameZh)"]
        if type == .requestAssigned || type == .requestEscalated, let deadline = data.acknowledgeBy {
            lines.insert("请于\(Self.deadline(deadline, now: now))前受理", at: 0)
        }
        if type == .requestAssigned {
            let phone = contact == .full ? data.enterprise.phone : PhoneNumber.masked(data.enterprise.phone)
            lines.append("联系人：\(data.enterprise.contactName) \(phone)")
        }
        if type == .requestOverdue {
            if let promised = data.promisedOn { lines.insert("承诺办结：\(promised)", at: 0) }
            if let station = data.stationName { lines.append("服务站：\(station)") }
            if let caseworker = data.caseworker { lines.append("服务专员：\(caseworker.name) \(caseworker.phone)") }
        }
        if let evaluation = data.evaluation, [.requestEvaluated, .requestBadReview, .requestFollowUpEscalated].contains(type) {
            let ratings = OnestopDomain.Evaluation.Ratings(overall: evaluation.overall, efficiency: evaluation.efficiency,
                                                           proficiency: evaluation.proficiency, attitude: evaluation.attitude)
            lines.append("评价：\(EvaluationRules.describe(ratings))")
            if let comment = evaluation.comment, !comment.isEmpty { lines.append("企业留言：\(comment)") }
            if type == .requestBadReview, let due = evaluation.followUpDue {
                lines.insert("请于\(Self.deadline(due, now: now))前反馈整改情况", at: 0)
            }
            if let caseworker = data.caseworker { lines.append("服务专员：\(caseworker.name)") }
        }
        if type == .requestStatusChanged, let previous = data.previousStatus {
            lines.append("状态：\(previous.nameZh) → \(data.status.nameZh)")
        }
        if let note = data.note, !note.isEmpty { lines.append("备注：\(note)") }
        lines.append("说明：\(data.description)")
        return lines
    }

    /// Where the station acts on the request: its page in the console.
    public func consoleLink(baseURL: String) -> String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return "\(base)/console/requests/\(data.requestID)"
    }

    /// `今天17:00`, `明天17:00` or `11月30日17:00`, in China Standard Time.
    static func deadline(_ date: Date, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WorkingCalendar.china.timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        let time = String(parts.hour ?? 0) + ":" + (parts.minute.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00")
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: date)).day ?? 99
        switch days {
        case 0: return "今天" + time
        case 1: return "明天" + time
        case 2: return "后天" + time
        default: return "\(parts.month ?? 0)月\(parts.day ?? 0)日" + time
        }
    }
}
