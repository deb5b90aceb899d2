import Foundation

/// The firm behind a request, as it described itself.
public struct Enterprise: Codable, Sendable, Equatable {
    public var name: String
    /// The unified social credit code, upper case.
    public var uscc: String
    public var region: String
    public var industry: String?
    public var contactName: String
    /// Normalised: `13800001234` or `0564-5136080`.
    public var phone: String
    public var email: String?

    public init(name: String, uscc: String, region: String, industry: String? = nil, contactName: String, phone: String, email: String? = nil) {
        self.name = name
        self.uscc = uscc
        self.region = region
        self.industry = industry
        self.contactName = contactName
        self.phone = phone
        self.email = email
    }

    enum CodingKeys: String, CodingKey {
        case name, uscc, region, industry, contactName = "contact_name", phone, email
    }
}

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

    public init(
        id: String, status: RequestStatus, enterprise: Enterprise, serviceCode: String?, categoryCode: String?,
        description: String, mode: ServiceMode, preferredStation: String?, station: String?, service: String?,
        acknowledgeBy: Date?, declinedBy: [String] = [], createdAt: Date, updatedAt: Date
    ) {
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

    /// What routing needs to know about this request.
    public var need: RoutingNeed {
        RoutingNeed(
            serviceCode: serviceCode, categoryCode: categoryCode, region: enterprise.region, industry: enterprise.industry,
            mode: mode, preferredStation: preferredStation, declinedBy: Set(declinedBy)
        )
    }
}

/// One entry of a request's timeline, kept forever.
public struct RequestEvent: Codable, Sendable, Equatable {
    public var at: Date
    /// `firm`, `station:jinzhai`, `staff:ops-alice (key_…)` or `system`.
    public var actor: String
    /// What was done; nil for the submission itself.
    public var action: RequestAction?
    public var from: RequestStatus?
    public var to: RequestStatus
    public var note: String?
    /// Internal notes are for stations and staff; the firm never sees them.
    public var isInternal: Bool

    public init(at: Date, actor: String, action: RequestAction?, from: RequestStatus?, to: RequestStatus, note: String? = nil, isInternal: Bool = false) {
        self.at = at
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.note = note
        self.isInternal = isInternal
    }

    enum CodingKeys: String, CodingKey {
        case at, actor, action, from, to, note, isInternal = "internal"
    }

    /// Whether `reader` may see this entry: an internal one is for staff and for the station that wrote it,
    /// never for the firm and never for another station, the one a request is reassigned to included.
    public func isVisible(to reader: TimelineReader) -> Bool {
        guard isInternal else { return true }
        switch reader {
        case .staff: return true
        case .firm: return false
        case .station(let station): return actor == "station:\(station)"
        }
    }
}

/// Who reads a request's timeline, for `RequestEvent.isVisible(to:)`.
public enum TimelineReader: Sendable, Equatable {
    case firm
    case station(String)
    case staff
}
