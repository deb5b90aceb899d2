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
    package var notifySms: Bool
    package var notifyEmail: Bool
    package var noticesStoppedAt: Int64?
    package var smsUnreachableAt: Int64?
    package var emailUnreachableAt: Int64?
    /// The SHA-256 of the request's short-link code; nil for requests from before short links.
    package var shortLink: String?

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case id, tokenNonce = "token_nonce", status, enterprise, region, serviceCode = "service_code",
            categoryCode = "category_code", description, mode, preferredStation = "preferred_station",
            stationId = "station_id", service, acknowledgeBy = "acknowledge_by", declinedBy = "declined_by",
            createdAt = "created_at", updatedAt = "updated_at", caseworkerId = "caseworker_id", caseworkerName = "caseworker_name",
            caseworkerPhone = "caseworker_phone", acceptedAt = "accepted_at", promisedOn = "promised_on", completedAt = "completed_at",
            overdueAt = "overdue_at", closedAt = "closed_at", notifySms = "notify_sms", notifyEmail = "notify_email",
            noticesStoppedAt = "notices_stopped_at", smsUnreachableAt = "sms_unreachable_at", emailUnreachableAt = "email_unreachable_at",
            shortLink = "short_link"
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
        notifySms = request.notices.sms
        notifyEmail = request.notices.email
        noticesStoppedAt = request.notices.stoppedAt.map(Milliseconds.from)
        smsUnreachableAt = request.notices.smsUnreachableAt.map(Milliseconds.from)
        emailUnreachableAt = request.notices.emailUnreachableAt.map(Milliseconds.from)
        shortLink = stored.shortLink
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
                closedAt: closedAt.map(Milliseconds.date),
                notices: NoticeConsent(sms: notifySms, email: notifyEmail, stoppedAt: noticesStoppedAt.map(Milliseconds.date),
                                       smsUnreachableAt: smsUnreachableAt.map(Milliseconds.date),
                                       emailUnreachableAt: emailUnreachableAt.map(Milliseconds.date))
            ),
            tokenNonce: tokenNonce, shortLink: shortLink
        )
    }
}
