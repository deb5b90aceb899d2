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

/// Why a candidate ranks where it does.
public enum RoutingTier: Int, Codable, Sendable, Comparable, CaseIterable {
    case preferred = 0
    case sameRegion = 1
    case industry = 2
    case platform = 3
    case other = 4

    public static func < (lhs: RoutingTier, rhs: RoutingTier) -> Bool { lhs.rawValue < rhs.rawValue }

    public var reasonZh: String {
        switch self {
        case .preferred: "企业指定的服务站"
        case .sameRegion: "与企业同一地区"
        case .industry: "熟悉企业所在行业"
        case .platform: "市级平台兜底承接"
        case .other: "其他提供该服务的服务站"
        }
    }

    public var reasonEn: String {
        switch self {
        case .preferred: "the station the firm asked for"
        case .sameRegion: "in the firm's own region"
        case .industry: "knows the firm's industry"
        case .platform: "the municipal platform, the fallback"
        case .other: "another station offering the service"
        }
    }
}

/// Why a station that offers the service was not a candidate.
public enum RoutingExclusion: String, Codable, Sendable, CaseIterable {
    case suspended
    case atCapacity = "at_capacity"
    case declined
    case modeNotOffered = "mode_not_offered"

    public var reasonZh: String {
        switch self {
        case .suspended: "服务站暂停服务"
        case .atCapacity: "服务站承接已满"
        case .declined: "服务站已退回此需求"
        case .modeNotOffered: "不提供所需的服务方式"
        }
    }

    public var reasonEn: String {
        switch self {
        case .suspended: "the station is suspended"
        case .atCapacity: "the station is at capacity"
        case .declined: "the station already declined this request"
        case .modeNotOffered: "the requested mode is not offered"
        }
    }
}

/// A routing decision and everything that led to it, kept with the request.
public struct RoutingDecision: Codable, Sendable, Equatable {
    public struct Candidate: Codable, Sendable, Equatable {
        public var station: String
        /// The station's service that matches the need.
        public var service: String
        public var tier: RoutingTier
        /// Open assigned requests relative to capacity, 0 to 1.
        public var load: Double
    }

    public struct Excluded: Codable, Sendable, Equatable {
        public var station: String
        public var service: String
        public var reason: RoutingExclusion
    }

    /// The station the request goes to.
    public var station: String
    /// The service it is served as; nil when nothing qualified and the platform is to arrange it.
    public var service: String?
    /// Every candidate, best first.
    public var candidates: [Candidate]
    public var excluded: [Excluded]
    /// Set when no station qualified: the platform arranges the request.
    public var fallback: Bool

    public init(station: String, service: String?, candidates: [Candidate] = [], excluded: [Excluded] = [], fallback: Bool) {
        self.station = station
        self.service = service
        self.candidates = candidates
        self.excluded = excluded
        self.fallback = fallback
    }
}

/// The catalog and the current load, as routing needs them.
public struct RoutingSnapshot: Sendable {
    public var stations: [Station]
    public var services: [Service]
    public var categories: [Category]
    public var regions: [Region]
    /// Open assigned requests per station.
    public var openRequests: [String: Int]

    public init(stations: [Station], services: [Service], categories: [Category], regions: [Region], openRequests: [String: Int] = [:]) {
        self.stations = stations
        self.services = services
        self.categories = categories
        self.regions = regions
        self.openRequests = openRequests
    }
}

/// Decides which station serves a request. Pure: the same need and snapshot give the same decision.
///
/// Candidates are active stations with an active service matching the need (for a category, any
/// service in it or below it) whose modes admit the requested mode. They rank: the preferred station;
/// then stations in the firm's own region (or a region below it); then stations that list the firm's
/// industry; then the municipal platform; then any other; among equals the least loaded, then by id.
/// Suspended stations, stations at capacity and stations that declined are excluded, with the reason.
/// When nothing qualifies the request goes to the municipal platform, flagged as a fallback; the
/// decision is nil only when the catalog has no active platform at all.
public enum RoutingPolicy {
    public static func route(_ need: RoutingNeed, in snapshot: RoutingSnapshot) -> RoutingDecision? {
        let catalog = Catalog(regions: snapshot.regions, categories: snapshot.categories)
        let stations = Dictionary(snapshot.stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let matching: [Service]
        if let code = need.serviceCode {
            matching = snapshot.services.filter { $0.code == code && $0.status == .active }
        } else if let category = need.categoryCode {
            let categories = catalog.categoryAndDescendants(category)
            matching = snapshot.services.filter { categories.contains($0.category) && $0.status == .active }
        } else {
            matching = []
        }
        let firmRegions = catalog.regionAndDescendants(need.region)
        var best: [String: RoutingDecision.Candidate] = [:]
        var excluded: [RoutingDecision.Excluded] = []
        // A station with several matching services is offered as the one closest to the firm's industry.
        func fitsIndustry(_ service: Service) -> Bool {
            guard let industry = need.industry, !industry.isEmpty else { return false }
            return service.name.contains(industry) || service.keywords.contains { $0.contains(industry) || industry.contains($0) }
        }
        let ordered = matching.sorted { a, b in
            let (fitsA, fitsB) = (fitsIndustry(a), fitsIndustry(b))
            return fitsA != fitsB ? fitsA : a.code < b.code
        }
        for service in ordered {
            guard let station = stations[service.station], station.status != .retired else { continue }
            let exclusion: RoutingExclusion?
            if station.status == .suspended {
                exclusion = .suspended
            } else if need.declinedBy.contains(station.id) {
                exclusion = .declined
            } else if !service.modes.contains(need.mode) {
                exclusion = .modeNotOffered
            } else if snapshot.openRequests[station.id, default: 0] >= station.capacity {
                exclusion = .atCapacity
            } else {
                exclusion = nil
            }
            if let exclusion {
                excluded.append(.init(station: station.id, service: service.code, reason: exclusion))
                continue
            }
            guard best[station.id] == nil else { continue }
            let tier: RoutingTier
            if station.id == need.preferredStation {
                tier = .preferred
            } else if firmRegions.contains(station.region) {
                tier = .sameRegion
            } else if let industry = need.industry, station.industries.contains(industry) {
                tier = .industry
            } else if station.kind == .platform {
                tier = .platform
            } else {
                tier = .other
            }
            let load = Double(snapshot.openRequests[station.id, default: 0]) / Double(max(station.capacity, 1))
            best[station.id] = .init(station: station.id, service: service.code, tier: tier, load: load)
        }
        // A station excluded for one of its services but a candidate for another is a candidate.
        excluded.removeAll { best[$0.station] != nil }
        let candidates = best.values.sorted { a, b in
            if a.tier != b.tier { return a.tier < b.tier }
            if a.load != b.load { return a.load < b.load }
            return a.station < b.station
        }
        if let first = candidates.first {
            return RoutingDecision(station: first.station, service: first.service, candidates: candidates, excluded: excluded, fallback: false)
        }
        let platforms = snapshot.stations.filter { $0.kind == .platform && $0.status == .active }
        let platform = platforms.first { firmRegions.contains($0.region) || catalog.regionAndDescendants($0.region).contains(need.region) }
            ?? platforms.first
        guard let platform else { return nil }
        return RoutingDecision(station: platform.id, service: nil, candidates: [], excluded: excluded, fallback: true)
    }
}
