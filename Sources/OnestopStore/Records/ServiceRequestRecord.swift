import OnestopDomain

package struct ServiceRequestRecord: Codable, TableRow {
    /// The table the record is a row of.
    package static let table = "service_request"
    package var id: String
    package var tokenNonce: String
    package var status: String
    package var enterprise: Enterprise
    package var region: String
    package var serviceCode: String?
    package var categoryCode: String?
    package var description: String
    package var mode: String
    package var preferredStation: String?
    package var stationId: String?
    package var service: String?
    package var acknowledgeBy: Int64?
    package var declinedBy: [String]
    package var createdAt: Int64
    package var updatedAt: Int64
    package var caseworkerId: String?
    package var caseworkerName: String?
    package var caseworkerPhone: String?
    package var acceptedAt: Int64?
    package var promisedOn: String?
    package var completedAt: Int64?
    package var overdueAt: Int64?
    package var closedAt: Int64?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tokenNonce = "token_nonce", status, enterprise, region, serviceCode = "service_code",
            categoryCode = "category_code", description, mode, preferredStation = "preferred_station",
            stationId = "station_id", service, acknowledgeBy = "acknowledge_by", declinedBy = "declined_by",
            createdAt = "created_at", updatedAt = "updated_at", caseworkerId = "caseworker_id", caseworkerName = "caseworker_name",
            caseworkerPhone = "caseworker_phone", acceptedAt = "accepted_at", promisedOn = "promised_on", completedAt = "completed_at",
            overdueAt = "overdue_at", closedAt = "closed_at"
    }

    package init(_ stored: StoredServiceRequest) {
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
        caseworkerId = request.caseworker?.id
        caseworkerName = request.caseworker?.name
        caseworkerPhone = request.caseworker?.phone
        acceptedAt = request.acceptedAt.map(Milliseconds.from)
        promisedOn = request.promisedOn?.description
        completedAt = request.completedAt.map(Milliseconds.from)
        overdueAt = request.overdueAt.map(Milliseconds.from)
        closedAt = request.closedAt.map(Milliseconds.from)
    }

    package var stored: StoredServiceRequest {
        StoredServiceRequest(
            request: ServiceRequest(
                id: id, status: RequestStatus(rawValue: status) ?? .submitted, enterprise: enterprise,
                serviceCode: serviceCode, categoryCode: categoryCode, description: description,
                mode: ServiceMode(rawValue: mode) ?? .online, preferredStation: preferredStation, station: stationId,
                service: service, acknowledgeBy: acknowledgeBy.map(Milliseconds.date), declinedBy: declinedBy,
                createdAt: Milliseconds.date(createdAt), updatedAt: Milliseconds.date(updatedAt),
                caseworker: caseworkerId.map { Caseworker(id: $0, name: caseworkerName ?? "", phone: caseworkerPhone ?? "") },
                acceptedAt: acceptedAt.map(Milliseconds.date), promisedOn: promisedOn.flatMap(CivilDay.init),
                completedAt: completedAt.map(Milliseconds.date), overdueAt: overdueAt.map(Milliseconds.date),
                closedAt: closedAt.map(Milliseconds.date)
            ),
            tokenNonce: tokenNonce
        )
    }
}
