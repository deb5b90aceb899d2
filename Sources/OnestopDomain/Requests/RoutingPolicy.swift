

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
