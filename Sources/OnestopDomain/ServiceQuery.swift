/// A search of the catalog. Every filter narrows the result (AND); terms of `text` must all match.
public struct ServiceQuery: Sendable, Equatable {
    public var text: String?
    /// A category code; services of its subcategories match too.
    public var category: String?
    /// A region code; stations in regions below it match too.
    public var region: String?
    public var station: String?
    /// Matches services of stations that list this industry.
    public var industry: String?
    public var mode: ServiceMode?
    /// Whether inactive and retired services (and those of suspended stations) are included.
    public var includeInactive: Bool
    public var page: PageRequest

    public init(
        text: String? = nil, category: String? = nil, region: String? = nil, station: String? = nil,
        industry: String? = nil, mode: ServiceMode? = nil, includeInactive: Bool = false, page: PageRequest = PageRequest()
    ) {
        self.text = text
        self.category = category
        self.region = region
        self.station = station
        self.industry = industry
        self.mode = mode
        self.includeInactive = includeInactive
        self.page = page
    }

    public var terms: [String] { text.map(SearchText.terms) ?? [] }
}

/// A service with what a reader needs of its station and category, as lists and details show it.
public struct ServiceListing: Sendable, Equatable {
    public var service: Service
    public var station: StationRef
    public var category: CategoryRef

    public init(service: Service, station: StationRef, category: CategoryRef) {
        self.service = service
        self.station = station
        self.category = category
    }
}

public struct StationRef: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var kind: Station.Kind
    public var region: String
    public var phone: String

    public init(id: String, name: String, kind: Station.Kind, region: String, phone: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.region = region
        self.phone = phone
    }

    public init(_ station: Station) {
        self.init(id: station.id, name: station.name, kind: station.kind, region: station.region, phone: station.phone)
    }
}

public struct CategoryRef: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameEn: String

    public init(code: String, name: String, nameEn: String) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
    }

    enum CodingKeys: String, CodingKey {
        case code, name, nameEn = "name_en"
    }
}
