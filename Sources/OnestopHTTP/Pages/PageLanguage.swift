import Foundation
import OnestopDomain

/// The language a page is shown in: Chinese unless `?lang=en`.
enum PageLanguage: String {
    case zh
    case en

    init(_ value: String?) {
        self = value == "en" ? .en : .zh
    }

    /// The `lang` attribute.
    var tag: String { self == .en ? "en" : "zh-CN" }
    var other: PageLanguage { self == .en ? .zh : .en }

    /// `?lang=en` to append to links, or nothing for Chinese.
    var query: String { self == .en ? "?lang=en" : "" }

    /// A link to `path` with `parameters` (empty values left out) and the language kept.
    func link(_ path: String, _ parameters: [(String, String?)] = []) -> String {
        var items = parameters.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : URLQueryItem(name: name, value: $0) } }
        if self == .en { items.append(URLQueryItem(name: "lang", value: "en")) }
        var components = URLComponents()
        components.path = path
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? path
    }

    func pick(_ zh: String, _ en: String?) -> String { self == .en ? (en ?? zh) : zh }

    /// The words in this language.
    func say(_ zh: String, _ en: String) -> String { self == .en ? en : zh }

    func status(_ status: RequestStatus) -> String {
        guard self == .en else { return status.nameZh }
        switch status {
        case .submitted: return "Submitted"
        case .assigned: return "Sent to a station"
        case .accepted: return "Accepted"
        case .inProgress: return "In progress"
        case .completed: return "Completed"
        case .cancelled: return "Cancelled"
        case .unserviceable: return "Cannot be served"
        }
    }

    /// What an action did, as a timeline says it: `受理`, `accepted`.
    func action(_ action: RequestAction) -> String {
        switch action {
        case .assign: say("分派", "assigned")
        case .accept: say("受理", "accepted")
        case .decline: say("退回", "declined")
        case .progress: say("记录进展", "progress noted")
        case .complete: say("办结", "completed")
        case .cancel: say("企业撤回", "cancelled")
        case .escalate: say("超时上报", "escalated")
        case .reassign: say("改派", "reassigned")
        case .closeUnserviceable: say("关闭为无法办理", "closed as unserviceable")
        case .nameCaseworker: say("服务专员", "caseworker")
        case .reschedule: say("承诺办结日期", "promised day")
        case .flagOverdue: say("逾期", "overdue")
        case .evaluate: say("评价", "evaluated")
        case .answerFollowUp: say("整改反馈", "follow-up")
        case .recordCallback: say("回访", "callback")
        case .appeal: say("申诉", "appealed")
        case .reviewAppeal: say("申诉复核", "appeal reviewed")
        case .escalateFollowUp: say("整改超时", "follow-up overdue")
        }
    }

    /// A level of 好差评: `满意`, `Satisfied`.
    func level(_ level: SatisfactionLevel) -> String {
        say(level.nameZh, level.nameEn.prefix(1).uppercased() + level.nameEn.dropFirst())
    }

    /// The channels a firm agreed to hear by, each marked when its number or address proved unable to receive:
    /// `短信（号码无法接收）、邮件`.
    func noticeChannels(_ consent: NoticeConsent) -> String {
        var channels: [String] = []
        if consent.sms {
            channels.append(say("短信", "SMS") + (consent.smsUnreachableAt == nil ? "" : say("（号码无法接收）", " (the number cannot receive it)")))
        }
        if consent.email {
            channels.append(say("邮件", "email") + (consent.emailUnreachableAt == nil ? "" : say("（邮箱无法接收）", " (the address cannot receive it)")))
        }
        return channels.joined(separator: say("、", ", "))
    }

    /// What a firm rates: `服务效率`, `Efficiency`.
    func indicator(_ indicator: EvaluationIndicator) -> String {
        say(indicator.nameZh, indicator.nameEn.prefix(1).uppercased() + indicator.nameEn.dropFirst())
    }

    func deliveryStatus(_ status: Delivery.Status) -> String {
        switch status {
        case .pending: say("待投递", "Pending")
        case .succeeded: say("已送达", "Delivered")
        case .failed: say("失败", "Failed")
        }
    }

    /// Opening hours as people write them: `周一至周五 08:30–12:00；周一至周五 14:30–17:30`.
    func hours(_ periods: [OpeningPeriod]) -> [String] {
        let names: [String: (String, String)] = [
            "mon": ("周一", "Mon"), "tue": ("周二", "Tue"), "wed": ("周三", "Wed"), "thu": ("周四", "Thu"),
            "fri": ("周五", "Fri"), "sat": ("周六", "Sat"), "sun": ("周日", "Sun"),
        ]
        return periods.map { period in
            let days = Weekday.formatDays(period.days).split(separator: ",").map { part in
                part.split(separator: "-").map { key in names[String(key)].map { say($0.0, $0.1) } ?? String(key) }
                    .joined(separator: say("至", "–"))
            }.joined(separator: say("、", ", "))
            return "\(days) \(period.opens)–\(period.closes)"
        }
    }

    /// A moment as a firm reads it, in China Standard Time: `2026-11-27 14:05`.
    func time(_ date: Date) -> String {
        let parts = PageLanguage.calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { let value = value ?? 0; return value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    func mode(_ mode: ServiceMode) -> String {
        switch (self, mode) {
        case (.zh, _): mode.nameZh
        case (.en, .online): "Online"
        case (.en, .station): "At the station"
        case (.en, .onsite): "On site"
        }
    }

    func turnaround(_ days: Int?) -> String {
        guard let days else { return self == .en ? "Ask the station" : "请咨询服务站" }
        return self == .en ? "\(days) working day\(days == 1 ? "" : "s")" : "\(days) 个工作日"
    }

    /// Whether a service is free or who charges for it, then what it costs: `收费，由六安市计量测试所收取 · 每台 20 元`.
    func fee(_ fee: Fee) -> String {
        let kind = fee.isFree
            ? pick("免费", "Free")
            : fee.chargedBy.map { pick("收费，由\($0)收取", "Charged by \($0)") } ?? pick("收费", "Charged")
        return fee.description.isEmpty ? kind : "\(kind) · \(fee.description)"
    }

    /// A day as pages write it: `2026年10月20日`, `20 Oct 2026`.
    func day(_ day: CivilDay) -> String {
        let (year, month, date) = day.parts
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return say("\(year)年\(month)月\(date)日", "\(date) \(months[month - 1]) \(year)")
    }

    /// The words of every page.
    var text: [String: String] { self == .en ? Self.englishText : Self.chineseText }

    private static let chineseText: [String: String] = [
        "site": "一站式质量服务", "otherLanguage": "English", "footer": "计量、标准、认证认可、检验检测一站式服务",
        "searchHeading": "查找质量服务", "searchLabel": "搜索服务", "searchPlaceholder": "例如：计量、检测、压力表", "searchButton": "搜索",
        "category": "类别", "county": "县区", "mode": "办理方式", "feeKind": "费用", "any": "不限", "browse": "按类别浏览",
        "noResults": "没有找到符合条件的服务。请换个词，或减少筛选条件。", "fee": "费用", "turnaround": "办理时限",
        "accreditation": "资质", "pages": "分页", "previous": "上一页", "next": "下一页", "station": "服务站",
        "eligibility": "适用对象", "documents": "所需材料", "phone": "电话", "code": "服务编号", "address": "地址",
        "email": "邮箱", "hours": "办公时间", "services": "本站服务", "notFound": "没有找到这个页面",
        "backToSearch": "返回搜索", "inactive": "该服务目前暂停受理。",
    ]

    private static let englishText: [String: String] = [
        "site": "One-Stop Quality Services", "otherLanguage": "中文", "footer": "Metrology, standards, certification and testing in one place",
        "searchHeading": "Find a quality service", "searchLabel": "Search services", "searchPlaceholder": "e.g. 计量, 检测, pressure gauge", "searchButton": "Search",
        "category": "Category", "county": "County", "mode": "How", "feeKind": "Cost", "any": "Any", "browse": "Browse by category",
        "noResults": "No service matches. Try another word or fewer filters.", "fee": "Fee", "turnaround": "Turnaround",
        "accreditation": "Accreditation", "pages": "Pages", "previous": "Previous", "next": "Next", "station": "Station",
        "eligibility": "For", "documents": "Documents", "phone": "Phone", "code": "Service code", "address": "Address",
        "email": "Email", "hours": "Opening hours", "services": "Services here", "notFound": "Page not found",
        "backToSearch": "Back to search", "inactive": "This service is not taking requests at the moment.",
    ]
}
