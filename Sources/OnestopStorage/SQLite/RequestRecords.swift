import Foundation
import GRDB
import OnestopDomain

struct ServiceRequestRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "service_request"
    var id: String
    var tokenNonce: String
    var status: String
    var enterprise: Enterprise
    var region: String
    var serviceCode: String?
    var categoryCode: String?
    var description: String
    var mode: String
    var preferredStation: String?
    var stationId: String?
    var service: String?
    var acknowledgeBy: Int64?
    var declinedBy: [String]
    var createdAt: Int64
    var updatedAt: Int64

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tokenNonce = "token_nonce", status, enterprise, region, serviceCode = "service_code",
            categoryCode = "category_code", description, mode, preferredStation = "preferred_station",
            stationId = "station_id", service, acknowledgeBy = "acknowledge_by", declinedBy = "declined_by",
            createdAt = "created_at", updatedAt = "updated_at"
    }

    enum Columns {
        static let stationId = Column(CodingKeys.stationId)
        static let status = Column(CodingKeys.status)
    }

    init(_ stored: StoredServiceRequest) {
        let request = stored.request
        id = request.id
        tokenNonce = stored.tokenNonce
        status = request.status.rawValue
        enterprise = request.enterprise
        region = request.enterprise.region
        serviceCode = request.serviceCode
        categoryCode = request.categoryCode
        description = request.description
        mode = request.mode.rawValue
        preferredStation = request.preferredStation
        stationId = request.station
        service = request.service
        acknowledgeBy = request.acknowledgeBy.map(Milliseconds.from)
        declinedBy = request.declinedBy
        createdAt = Milliseconds.from(request.createdAt)
        updatedAt = Milliseconds.from(request.updatedAt)
    }

    var stored: StoredServiceRequest {
        StoredServiceRequest(
            request: ServiceRequest(
                id: id, status: RequestStatus(rawValue: status) ?? .submitted, enterprise: enterprise,
                serviceCode: serviceCode, categoryCode: categoryCode, description: description,
                mode: ServiceMode(rawValue: mode) ?? .online, preferredStation: preferredStation, station: stationId,
                service: service, acknowledgeBy: acknowledgeBy.map(Milliseconds.date), declinedBy: declinedBy,
                createdAt: Milliseconds.date(createdAt), updatedAt: Milliseconds.date(updatedAt)
            ),
            tokenNonce: tokenNonce
        )
    }
}

struct RequestEventRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "request_event"
    var id: Int64?
    var requestId: String
    var at: Int64
    var actor: String
    var action: String?
    var fromStatus: String?
    var toStatus: String
    var note: String?
    var isInternal: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, requestId = "request_id", at, actor, action, fromStatus = "from_status", toStatus = "to_status", note, isInternal = "internal"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let requestId = Column(CodingKeys.requestId)
    }

    init(requestID: String, event: RequestEvent) {
        id = nil
        requestId = requestID
        at = Milliseconds.from(event.at)
        actor = event.actor
        action = event.action?.rawValue
        fromStatus = event.from?.rawValue
        toStatus = event.to.rawValue
        note = event.note
        isInternal = event.isInternal
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var event: RequestEvent {
        RequestEvent(
            at: Milliseconds.date(at), actor: actor, action: action.flatMap(RequestAction.init(rawValue:)), from: fromStatus.flatMap(RequestStatus.init(rawValue:)),
            to: RequestStatus(rawValue: toStatus) ?? .submitted, note: note, isInternal: isInternal
        )
    }
}

struct RoutingRecordRow: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "routing_record"
    var id: Int64?
    var requestId: String
    var at: Int64
    var decision: RoutingDecision

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, requestId = "request_id", at, decision
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let requestId = Column(CodingKeys.requestId)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    var record: RoutingRecord { RoutingRecord(at: Milliseconds.date(at), decision: decision) }
}
