import Foundation

/// The JSON body of a webhook: `{"type", "timestamp", "data"}`, with everything a station needs to act.
public struct WebhookPayload: Encodable, Sendable {
    public var type: WebhookEventType
    public var timestamp: Date
    public var data: RequestData

    public struct RequestData: Encodable, Sendable {
        public var requestID: String
        public var status: RequestStatus
        public var previousStatus: RequestStatus?
        public var action: RequestAction?
        public var station: String?
        public var stationName: String?
        public var previousStation: String?
        public var service: ServiceSummary?
        public var category: String?
        public var mode: ServiceMode
        public var description: String
        public var enterprise: EnterpriseData
        public var acknowledgeBy: Date?
        public var createdAt: Date
        public var note: String?
        public var links: [String: String]
        /// The caseworker following the request, once the station has named one.
        public var caseworker: CaseworkerData?
        /// The day the station promised, once it has accepted.
        public var promisedOn: CivilDay?
        /// For the evaluation's events: the firm's levels and comment, and the follow-up's deadline.
        public var evaluation: EvaluationData?

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id", status, previousStatus = "previous_status", action, station, stationName = "station_name"
            case previousStation = "previous_station", service, category, mode, description, enterprise
            case acknowledgeBy = "acknowledge_by", createdAt = "created_at", note, links, caseworker, promisedOn = "promised_on"
            case evaluation
        }
    }

    public struct EvaluationData: Encodable, Sendable {
        public var overall: SatisfactionLevel
        public var efficiency: SatisfactionLevel?
        public var proficiency: SatisfactionLevel?
        public var attitude: SatisfactionLevel?
        public var comment: String?
        public var evaluatedAt: Date
        public var badReview: Bool
        public var followUpDue: Date?

        enum CodingKeys: String, CodingKey {
            case overall, efficiency, proficiency, attitude, comment, evaluatedAt = "evaluated_at", badReview = "bad_review"
            case followUpDue = "follow_up_due"
        }

        public init(_ evaluation: Evaluation) {
            overall = evaluation.ratings.overall
            efficiency = evaluation.ratings.efficiency
            proficiency = evaluation.ratings.proficiency
            attitude = evaluation.ratings.attitude
            comment = evaluation.comment
            evaluatedAt = evaluation.evaluatedAt
            badReview = evaluation.isBadReview
            followUpDue = evaluation.followUp?.dueAt
        }
    }

    public struct CaseworkerData: Encodable, Sendable {
        public var name: String
        public var phone: String
    }

    public struct ServiceSummary: Encodable, Sendable {
        public var code: String
        public var name: String
    }

    public struct EnterpriseData: Encodable, Sendable {
        public var name: String
        public var creditCode: String
        public var region: String
        public var industry: String?
        public var contactName: String
        public var phone: String
        public var email: String?

        enum CodingKeys: String, CodingKey {
            case name, creditCode = "credit_code", region, industry, contactName = "contact_name", phone, email
        }
    }

    /// The body for `event` about `request` after a change. `baseURL` is where the server's API is
    /// reached from outside (`https://onestop.example.cn`), for the links to act.
    public static func body(
        for event: WebhookEvent, request: ServiceRequest, before: ServiceRequest?, action: RequestAction?, note: String?,
        serviceName: String?, stationName: String?, at: Date, baseURL: String, evaluation: Evaluation? = nil
    ) -> [UInt8] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var links: [String: String] = [:]
        if event.type == .requestAssigned {
            let own = "\(base)/api/v1/station/requests/\(request.id)"
            links = ["self": own, "accept": own + "/accept", "decline": own + "/decline"]
        } else if event.audience == .platform {
            links = ["self": "\(base)/api/v1/requests/\(request.id)/routing"]
        }
        let payload = WebhookPayload(type: event.type, timestamp: at, data: RequestData(
            requestID: request.id, status: request.status, previousStatus: before?.status, action: action,
            station: event.type == .requestWithdrawn ? event.previousStation : request.station,
            stationName: event.type == .requestWithdrawn ? nil : stationName,
            previousStation: event.type == .requestWithdrawn ? nil : before.flatMap { $0.station == request.station ? nil : $0.station },
            service: request.service.map { ServiceSummary(code: $0, name: serviceName ?? $0) },
            category: request.categoryCode, mode: request.mode, description: request.description,
            enterprise: EnterpriseData(
                name: request.enterprise.name, creditCode: request.enterprise.uscc, region: request.enterprise.region,
                industry: request.enterprise.industry, contactName: request.enterprise.contactName,
                phone: request.enterprise.phone, email: request.enterprise.email),
            acknowledgeBy: event.type == .requestWithdrawn ? nil : request.acknowledgeBy, createdAt: request.createdAt,
            note: note, links: links,
            caseworker: event.type == .requestWithdrawn ? nil : request.caseworker.map { CaseworkerData(name: $0.name, phone: $0.phone) },
            promisedOn: event.type == .requestWithdrawn ? nil : request.promisedOn,
            evaluation: evaluation.map(EvaluationData.init)
        ))
        return Array((try? encoder.encode(payload)) ?? Data())
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
