/// An in-memory inverted index of the catalog, and the one implementation of search and ranking.
///
/// Built from a snapshot of the catalog, it maps every one- and two-character piece of each
/// service's text (see `SearchText`) to the services that contain it, with the best field each
/// occurs in. A term of one or two characters is one look-up; a longer term takes the services
/// that contain its rarest two-character piece and checks each for the whole term; a relaxed term
/// counts how many of its pieces each service has. Filters are checked on the candidates, and the
/// page is cut from the ranked matches. Every store serves search from this index, so search
/// behaves the same whatever the database.
public struct CatalogSearchIndex: Sendable {
    struct Posting: Sendable {
        var document: Int32
        var field: UInt8
    }

    /// What filters look at, kept apart from the listings so that checking thousands of candidates
    /// touches a few small values each.
    struct Attributes: Sendable {
        var visible: Bool
        var modeBits: Int
        var isFree: Bool
        var category: Int32
        var region: Int32
        var station: Int32
    }

    /// Listings in service code order, so that a document's position is its tie-break rank.
    let listings: [ServiceListing]
    let attributes: [Attributes]
    /// The normalised text of each document's fields, as UTF-8, for checking long terms.
    let fieldTexts: [[[UInt8]]]
    /// Category, region and station codes, numbered for `Attributes`.
    let categoryNumbers: [String: Int32]
    let regionNumbers: [String: Int32]
    let stationNumbers: [String: Int32]
    /// The stations (by number) that list each industry.
    let stationsByIndustry: [String: Set<Int32>]
    let postings: [SearchText.Gram: [Posting]]
    let categoryParents: [String: String]
    let regionParents: [String: String]

    public var count: Int { listings.count }

    /// Indexes every service of `listings`; `stations` gives their status, modes and industries.
    public init(listings: [ServiceListing], stations: [Station], categories: [Category], regions: [Region]) {
        let stationsByID = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let categoriesByCode = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var listingsInOrder: [ServiceListing] = []
        var attributes: [Attributes] = []
        var fieldTexts: [[[UInt8]]] = []
        var postings: [SearchText.Gram: [Posting]] = [:]
        var categoryNumbers: [String: Int32] = [:]
        var regionNumbers: [String: Int32] = [:]
        var stationNumbers: [String: Int32] = [:]
        func number(_ code: String, in numbers: inout [String: Int32]) -> Int32 {
            if let existing = numbers[code] { return existing }
            let next = Int32(numbers.count)
            numbers[code] = next
            return next
        }
        for category in categories { _ = number(category.code, in: &categoryNumbers) }
        for region in regions { _ = number(region.code, in: &regionNumbers) }
        var stationsByIndustry: [String: Set<Int32>] = [:]
        for station in stations {
            let numbered = number(station.id, in: &stationNumbers)
            for industry in station.industries { stationsByIndustry[industry, default: []].insert(numbered) }
        }
        for listing in listings.sorted(by: { $0.service.code < $1.service.code }) {
            let service = listing.service
            let station = stationsByID[service.station]
            let category = categoriesByCode[service.category]
            let parentName = category?.parent.flatMap { categoriesByCode[$0]?.name }
            let fields = SearchText.fields(of: service, categoryNames: [category?.name, category?.nameEn, parentName].compactMap { $0 })
            let position = Int32(listingsInOrder.count)
            for (gram, field) in SearchText.gramIndex(of: fields) {
                postings[gram, default: []].append(Posting(document: position, field: UInt8(field.rawValue)))
            }
            listingsInOrder.append(listing)
            attributes.append(Attributes(
                visible: service.status == .active && station?.status == .active,
                modeBits: ServiceMode.bits(service.modes),
                isFree: service.fee.isFree,
                category: number(service.category, in: &categoryNumbers),
                region: number(listing.station.region, in: &regionNumbers),
                station: number(service.station, in: &stationNumbers)
            ))
            fieldTexts.append(fields.map { Array(SearchText.runs($0.1).joined(separator: " ").utf8) })
        }
        self.listings = listingsInOrder
        self.attributes = attributes
        self.fieldTexts = fieldTexts
        self.postings = postings
        self.categoryNumbers = categoryNumbers
        self.regionNumbers = regionNumbers
        self.stationNumbers = stationNumbers
        self.stationsByIndustry = stationsByIndustry
        self.categoryParents = Dictionary(categories.compactMap { category in category.parent.map { (category.code, $0) } }, uniquingKeysWith: { first, _ in first })
        self.regionParents = Dictionary(regions.compactMap { region in region.parent.map { (region.code, $0) } }, uniquingKeysWith: { first, _ in first })
    }

    /// The page of services the query asks for, ranked: more matching pieces first (relaxed terms),
    /// then name above keyword above description matches, then by code.
    ///
    /// When no service contains a long term word for word, the search is repeated with each long term
    /// relaxed to at least half of its two-character pieces.
    public func search(_ query: ServiceQuery) -> Page<ServiceListing> {
        let terms = query.terms
        var matches = rank(terms, query: query, relaxed: false)
        if matches.isEmpty, terms.contains(where: { SearchText.length($0) > SearchText.maxGramLength }) {
            matches = rank(terms, query: query, relaxed: true)
        }
        let start = min(query.page.offset, matches.count)
        let end = min(start + query.page.perPage, matches.count)
        let page = Self.best(end, of: matches)[start..<end]
        return Page(
            items: page.map { listings[Int($0.document)] },
            total: matches.count, page: query.page.page, perPage: query.page.perPage
        )
    }

    static func ranksBefore(_ a: (score: Int, document: Int32), _ b: (score: Int, document: Int32)) -> Bool {
        a.score != b.score ? a.score > b.score : a.document < b.document
    }

    /// The first `count` matches in rank order. The first pages are what people read, so for them this
    /// keeps a short sorted list instead of sorting thousands of matches.
    static func best(_ count: Int, of matches: [(score: Int, document: Int32)]) -> [(score: Int, document: Int32)] {
        guard count <= 200, count * 8 < matches.count else { return matches.sorted(by: ranksBefore) }
        var top: [(score: Int, document: Int32)] = []
        top.reserveCapacity(count + 1)
        for match in matches {
            if top.count == count, let last = top.last, !ranksBefore(match, last) { continue }
            var index = top.count
            while index > 0, ranksBefore(match, top[index - 1]) { index -= 1 }
            top.insert(match, at: index)
            if top.count > count { top.removeLast() }
        }
        return top
    }

    /// Every document that matches every term and every filter, with its score.
    func rank(_ terms: [String], query: ServiceQuery, relaxed: Bool) -> [(score: Int, document: Int32)] {
        guard let accepts = filter(for: query) else { return [] }
        guard !terms.isEmpty else {
            return attributes.indices.compactMap { accepts(attributes[$0]) ? (0, Int32($0)) : nil }
        }
        var perTerm = terms.map { matches(of: $0, relaxed: relaxed) }
        perTerm.sort { $0.count < $1.count }
        guard let smallest = perTerm.first, !smallest.isEmpty else { return [] }
        // The other terms' scores by document, for constant-time look-ups while walking the smallest.
        let others: [[Int32]] = perTerm.dropFirst().map { list in
            var dense = [Int32](repeating: -1, count: listings.count)
            for match in list { dense[Int(match.document)] = Int32(match.score) }
            return dense
        }
        var result: [(score: Int, document: Int32)] = []
        result.reserveCapacity(smallest.count)
        outer: for match in smallest {
            var score = match.score
            for dense in others {
                let more = dense[Int(match.document)]
                if more < 0 { continue outer }
                score += Int(more)
            }
            if accepts(attributes[Int(match.document)]) { result.append((score, match.document)) }
        }
        return result
    }

    /// The documents that match `term`, each with its score: its best field's weight, plus 1000 for
    /// each matching piece when relaxed.
    func matches(of term: String, relaxed: Bool) -> [(score: Int, document: Int32)] {
        if let gram = SearchText.Gram(term) {
            return (postings[gram] ?? []).map { (Self.weight($0.field), $0.document) }
        }
        let pieces = SearchText.bigrams(term)
        if relaxed {
            var counts = [UInt16](repeating: 0, count: listings.count)
            var best = [UInt8](repeating: .max, count: listings.count)
            var touched: [Int32] = []
            for piece in pieces {
                for posting in postings[piece] ?? [] {
                    let index = Int(posting.document)
                    if counts[index] == 0 { touched.append(posting.document) }
                    counts[index] += 1
                    best[index] = min(best[index], posting.field)
                }
            }
            let needed = SearchText.relaxedMinimum(pieces.count)
            return touched.compactMap { document in
                let index = Int(document)
                return Int(counts[index]) >= needed ? (Int(counts[index]) * 1000 + Self.weight(best[index]), document) : nil
            }
        }
        // Candidates: the documents holding the rarest piece; then each is checked for the whole term.
        var rarest: [Posting]?
        for piece in pieces {
            guard let list = postings[piece] else { return [] }
            if rarest == nil || list.count < rarest!.count { rarest = list }
        }
        let needle = Array(term.utf8)
        return (rarest ?? []).compactMap { posting in
            let fields = fieldTexts[Int(posting.document)]
            guard let field = fields.indices.first(where: { Self.contains(fields[$0], needle) }) else { return nil }
            return (Self.weight(UInt8(field)), posting.document)
        }
    }

    static func weight(_ field: UInt8) -> Int {
        (SearchText.Field(rawValue: Int(field)) ?? .description).weight
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = 1
                while matched < needle.count, haystack[index + matched] == needle[matched] { matched += 1 }
                if matched == needle.count { return true }
            }
            index += 1
        }
        return false
    }

    /// The query's filters as one test on a document's attributes; nil when a filter names something
    /// the catalog does not have, so nothing can match.
    func filter(for query: ServiceQuery) -> ((Attributes) -> Bool)? {
        func numbers(_ codes: Set<String>, _ table: [String: Int32]) -> Set<Int32> { Set(codes.compactMap { table[$0] }) }
        let categories = query.category.map { numbers(descendants(of: $0, parents: categoryParents), categoryNumbers) }
        let regions = query.region.map { numbers(descendants(of: $0, parents: regionParents), regionNumbers) }
        var station: Int32?
        if let id = query.station {
            guard let number = stationNumbers[id] else { return nil }
            station = number
        }
        let industry = query.industry.map { stationsByIndustry[$0] ?? [] }
        let includeInactive = query.includeInactive
        let modeBit = query.mode?.bit
        let free = query.fee.map { $0 == .free }
        return { attributes in
            if !includeInactive && !attributes.visible { return false }
            if let categories, !categories.contains(attributes.category) { return false }
            if let regions, !regions.contains(attributes.region) { return false }
            if let station, attributes.station != station { return false }
            if let industry, !industry.contains(attributes.station) { return false }
            if let modeBit, attributes.modeBits & modeBit == 0 { return false }
            if let free, attributes.isFree != free { return false }
            return true
        }
    }

    func descendants(of root: String, parents: [String: String]) -> Set<String> {
        Catalog.descendants(of: root, parents: parents.map { ($0.key, $0.value) })
    }
}
