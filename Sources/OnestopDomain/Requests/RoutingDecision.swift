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
