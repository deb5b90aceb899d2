/// What a request needs, as routing sees it.
public struct RoutingNeed: Sendable, Equatable {
    /// The exact service the firm chose, or nil when it named only a category.
    public var serviceCode: String?
    /// The category when the firm did not know the exact service; its subcategories count too.
    public var categoryCode: String?
    /// The firm's region code.
    public var region: String
    public var industry: String?
    public var mode: ServiceMode
    public var preferredStation: String?
    /// Stations that already declined this request.
    public var declinedBy: Set<String>

    public init(serviceCode: String? = nil, categoryCode: String? = nil, region: String, industry: String? = nil,
                mode: ServiceMode, preferredStation: String? = nil, declinedBy: Set<String> = []) {
        self.serviceCode = serviceCode
        self.categoryCode = categoryCode
        self.region = region
        self.industry = industry
        self.mode = mode
        self.preferredStation = preferredStation
        self.declinedBy = declinedBy
    }
}
