

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
    /// Only free services, or only charged ones.
    public var fee: Fee.Filter?
    /// Whether inactive and retired services (and those of suspended stations) are included.
    public var includeInactive: Bool
    public var page: PageRequest

    public init(
        text: String? = nil, category: String? = nil, region: String? = nil, station: String? = nil,
        industry: String? = nil, mode: ServiceMode? = nil, fee: Fee.Filter? = nil, includeInactive: Bool = false, page: PageRequest = PageRequest()
    ) {
        self.text = text
        self.category = category
        self.region = region
        self.station = station
        self.industry = industry
        self.mode = mode
        self.fee = fee
        self.includeInactive = includeInactive
        self.page = page
    }

    public var terms: [String] { text.map(SearchText.terms) ?? [] }
}
