/// What a firm is told of, each at most once per occurrence.
public enum NoticeEvent: String, Codable, Sendable, CaseIterable {
    /// The request arrived: with the tracking link.
    case received
    /// A station accepted it: the station, the caseworker and the promised day.
    case accepted
    /// The promised day moved: the new day and why.
    case rescheduled
    /// It was completed: with the link to evaluate it.
    case completed
    /// It was closed as something no station can serve: with the reason.
    case unserviceable
    /// The station answered the firm's bad review.
    case followUpAnswered = "follow_up_answered"

    /// The event's name as the firm reads it.
    public var zh: String {
        switch self {
        case .received: "需求已受理登记"
        case .accepted: "服务站已接单"
        case .rescheduled: "承诺办结日期调整"
        case .completed: "需求已办结"
        case .unserviceable: "需求无法办理"
        case .followUpAnswered: "服务站已答复您的评价"
        }
    }
}
