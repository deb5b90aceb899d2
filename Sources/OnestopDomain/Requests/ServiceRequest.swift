import Foundation

/// A firm's request for a service, as it moves through its life cycle.
public struct ServiceRequest: Sendable, Equatable {
    /// Readable and unique: `LA-20261126-0042`.
    public var id: String
    public var status: RequestStatus
    public var enterprise: Enterprise
    public var serviceCode: String?
    public var categoryCode: String?
    public var description: String
    public var mode: ServiceMode
    public var preferredStation: String?
    /// The station responsible now.
    public var station: String?
    /// The station's service the request is served as; nil while the platform arranges it.
    public var service: String?
    /// When the station must have accepted, or the request is escalated to the platform.
    public var acknowledgeBy: Date?
    public var declinedBy: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// The station's caseworker who follows the request, as named when it was accepted (or changed since).
    public var caseworker: Caseworker?
    /// When the station now responsible accepted it.
    public var acceptedAt: Date?
    /// The day the station promised to complete it by (China Standard Time).
    public var promisedOn: CivilDay?
    public var completedAt: Date?
    /// When it was found past its promise and announced to the platform (once).
    public var overdueAt: Date?
    /// When it reached a final status: completed, cancelled or closed as unserviceable. The firm's window to
    /// evaluate counts from it.
    public var closedAt: Date?
    /// Whether the firm hears of the request by SMS and email, and whether it has stopped.
    public var notices: NoticeConsent

    public init(
        id: String, status: RequestStatus, enterprise: Enterprise, serviceCode: String?, categoryCode: String?,
        description: String, mode: ServiceMode, preferredStation: String?, station: String?, service: String?,
        acknowledgeBy: Date?, declinedBy: [String] = [], createdAt: Date, updatedAt: Date,
        caseworker: Caseworker? = nil, acceptedAt: Date? = nil, promisedOn: CivilDay? = nil, completedAt: Date? = nil, overdueAt: Date? = nil,
        closedAt: Date? = nil, notices: NoticeConsent = NoticeConsent()
    ) {
        self.closedAt = closedAt
        self.notices = notices
        self.caseworker = caseworker
        self.acceptedAt = acceptedAt
        self.promisedOn = promisedOn
        self.completedAt = completedAt
        self.overdueAt = overdueAt
        self.id = id
        self.status = status
        self.enterprise = enterprise
        self.serviceCode = serviceCode
        self.categoryCode = categoryCode
        self.description = description
        self.mode = mode
        self.preferredStation = preferredStation
        self.station = station
        self.service = service
        self.acknowledgeBy = acknowledgeBy
        self.declinedBy = declinedBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether the promised day has passed (in `calendar`'s time zone) and the request is not finished.
    public func isOverdue(at now: Date, calendar: WorkingCalendar = .china) -> Bool {
        guard let promisedOn, !status.isFinal else { return false }
        return calendar.civilDay(of: now) > promisedOn
    }

    /// What routing needs to know about this request.
    public var need: RoutingNeed {
        RoutingNeed(
            serviceCode: serviceCode, categoryCode: categoryCode, region: enterprise.region, industry: enterprise.industry,
            mode: mode, preferredStation: preferredStation, declinedBy: Set(declinedBy)
        )
    }
}
