

/// A place that serves firms: the municipal platform, a county station or a park station.
public struct Station: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var nameEn: String?
    public var kind: Kind
    /// The region code (GB/T 2260) the station belongs to.
    public var region: String
    public var address: String
    public var phone: String
    public var email: String?
    public var website: String?
    public var hours: [OpeningPeriod]
    public var modes: [ServiceMode]
    /// The local industries the station knows best (茶叶, 中药材 ...).
    public var industries: [String]
    /// How many open requests the station can carry at once.
    public var capacity: Int
    public var status: Status
    public var coordinates: Coordinates?
    public var description: String?
    /// Working days the station has to accept a request given to it; nil for the server's default.
    public var acknowledgementDays: Int?
    /// The people who follow requests here; a station that lists any names one on each acceptance.
    public var caseworkers: [Caseworker]

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case platform, county, park

        public var nameZh: String {
            switch self {
            case .platform: "市级平台"
            case .county: "县区服务站"
            case .park: "园区服务站"
            }
        }
    }

    public enum Status: String, Codable, Sendable, CaseIterable {
        case active, suspended, retired
    }

    public init(
        id: String, name: String, nameEn: String? = nil, kind: Kind, region: String, address: String,
        phone: String, email: String? = nil, website: String? = nil, hours: [OpeningPeriod] = [],
        modes: [ServiceMode], industries: [String] = [], capacity: Int, status: Status = .active,
        coordinates: Coordinates? = nil, description: String? = nil, acknowledgementDays: Int? = nil,
        caseworkers: [Caseworker] = []
    ) {
        self.id = id
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.region = region
        self.address = address
        self.phone = phone
        self.email = email
        self.website = website
        self.hours = hours
        self.modes = ServiceMode.normalized(modes)
        self.industries = industries
        self.capacity = capacity
        self.status = status
        self.coordinates = coordinates
        self.description = description
        self.acknowledgementDays = acknowledgementDays
        self.caseworkers = caseworkers
    }

    /// The caseworker `id` when it is listed and active.
    public func activeCaseworker(_ id: String) -> Caseworker? {
        caseworkers.first { $0.id == id && $0.isActive }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, nameEn = "name_en", kind, region, address, phone, email, website, hours, modes,
            industries, capacity, status, coordinates, description, acknowledgementDays = "acknowledge_days", caseworkers
    }

    /// Lowercase letters, digits and `-`; starts with a letter; 2 to 40 characters.
    public static func isWellFormedID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLowercase, (2...40).contains(id.count) else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
    }
}

extension Station {
    /// Lists and the status may be left out and default to empty and `active`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            name: try container.decode(String.self, forKey: .name),
            nameEn: try container.decodeIfPresent(String.self, forKey: .nameEn),
            kind: try container.decode(Kind.self, forKey: .kind),
            region: try container.decode(String.self, forKey: .region),
            address: try container.decode(String.self, forKey: .address),
            phone: try container.decode(String.self, forKey: .phone),
            email: try container.decodeIfPresent(String.self, forKey: .email),
            website: try container.decodeIfPresent(String.self, forKey: .website),
            hours: try container.decodeIfPresent([OpeningPeriod].self, forKey: .hours) ?? [],
            modes: try container.decode([ServiceMode].self, forKey: .modes),
            industries: try container.decodeIfPresent([String].self, forKey: .industries) ?? [],
            capacity: try container.decode(Int.self, forKey: .capacity),
            status: try container.decodeIfPresent(Status.self, forKey: .status) ?? .active,
            coordinates: try container.decodeIfPresent(Coordinates.self, forKey: .coordinates),
            description: try container.decodeIfPresent(String.self, forKey: .description),
            acknowledgementDays: try container.decodeIfPresent(Int.self, forKey: .acknowledgementDays),
            caseworkers: try container.decodeIfPresent([Caseworker].self, forKey: .caseworkers) ?? []
        )
    }
}

extension Station {
    /// Every field as decoded, but the caseworkers only when there are any: the public directory shows a station
    /// without them (`withoutCaseworkers`), and then says nothing about them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(nameEn, forKey: .nameEn)
        try container.encode(kind, forKey: .kind)
        try container.encode(region, forKey: .region)
        try container.encode(address, forKey: .address)
        try container.encode(phone, forKey: .phone)
        try container.encodeIfPresent(email, forKey: .email)
        try container.encodeIfPresent(website, forKey: .website)
        try container.encode(hours, forKey: .hours)
        try container.encode(modes, forKey: .modes)
        try container.encode(industries, forKey: .industries)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(coordinates, forKey: .coordinates)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(acknowledgementDays, forKey: .acknowledgementDays)
        if !caseworkers.isEmpty { try container.encode(caseworkers, forKey: .caseworkers) }
    }

    /// The station as the public directory shows it: its caseworkers are for the firms they follow, each seeing only its own.
    public var withoutCaseworkers: Station {
        var copy = self
        copy.caseworkers = []
        return copy
    }

    /// The JSON field names of a station.
    public static let fieldNames: Set<String> = Set(
        [CodingKeys.id, .name, .nameEn, .kind, .region, .address, .phone, .email, .website, .hours, .modes,
         .industries, .capacity, .status, .coordinates, .description, .acknowledgementDays, .caseworkers].map(\.stringValue))
}
