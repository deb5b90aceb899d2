/// What a notice says besides its event: the values an SMS template's variables and an email's text are filled
/// with. Nothing internal: no internal note, no other firm, no key. The link is not among them: it is made
/// when the notice is sent, from the request's own secret.
public struct NoticeFacts: Codable, Sendable, Equatable {
    public var requestID: String
    public var service: String?
    public var station: String?
    public var caseworker: String?
    public var caseworkerPhone: String?
    /// The promised day, `2026-12-18`.
    public var date: String?
    /// Why the day moved, or why the request cannot be served.
    public var reason: String?
    /// The station's answer to a bad review.
    public var answer: String?

    public init(requestID: String, service: String? = nil, station: String? = nil, caseworker: String? = nil, caseworkerPhone: String? = nil,
                date: String? = nil, reason: String? = nil, answer: String? = nil) {
        self.requestID = requestID
        self.service = service
        self.station = station
        self.caseworker = caseworker
        self.caseworkerPhone = caseworkerPhone
        self.date = date
        self.reason = reason
        self.answer = answer
    }

    enum CodingKeys: String, CodingKey {
        case requestID = "request_id", service, station, caseworker, caseworkerPhone = "caseworker_phone", date, reason, answer
    }

    /// The variables a template may name, with the link it is sent with.
    public static let variableNames = ["request_id", "service", "station", "caseworker", "caseworker_phone", "date", "reason", "answer", "link"]

    /// The value of the variable `name` (one of ``variableNames``), empty when the event has none.
    public func value(of name: String, link: String) -> String {
        switch name {
        case "request_id": requestID
        case "service": service ?? ""
        case "station": station ?? ""
        case "caseworker": caseworker ?? ""
        case "caseworker_phone": caseworkerPhone ?? ""
        case "date": date ?? ""
        case "reason": reason ?? ""
        case "answer": answer ?? ""
        case "link": link
        default: ""
        }
    }
}
