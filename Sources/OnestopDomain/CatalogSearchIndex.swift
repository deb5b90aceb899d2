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

    struct Document: Sendable {
        var listing: ServiceListing
        var visible: Bool
        var modeBits: Int
        var industries: Set<String>
        /// The normalised text of each field, as UTF-8, for checking long terms.
        var fields: [[UInt8]]
    }

    /// Documents in service code order, so that a document's position is its tie-break rank.
    let documents: [Document]
    let postings: [String: [Posting]]
    let categoryParents: [String: String]
    let regionParents: [String: String]

    public var count: Int { documents.count }

    /// Indexes every service of `listings`; `stations` gives their status, modes and industries.
    public init(listings: [ServiceListing], stations: [Station], categories: [Category], regions: [Region]) {
        let stationsByID = Dictionary(stations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let categoriesByCode = Dictionary(categories.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var documents: [Document] = []
        var postings: [String: [Posting]] = [:]
        for listing in listings.sorted(by: { $0.service.code < $1.service.code }) {
            let service = listing.service
            let station = stationsByID[service.station]
            let category = categoriesByCode[service.category]
            let parentName = category?.parent.flatMap { categoriesByCode[$0]?.name }
            let fields = SearchText.fields(of: service, categoryNames: [category?.name, category?.nameEn, parentName].compactMap { $0 })
            let position = Int32(documents.count)
            for (gram, field) in SearchText.gramIndex(of: fields) {
                postings[gram, default: []].append(Posting(document: position, field: UInt8(field.rawValue)))
            }
            documents.append(Document(
                listing: listing,
                visible: service.status == .active && station?.status == .active,
                modeBits: ServiceMode.bits(service.modes),
                industries: Set(station?.industries ?? []),
                fields: fields.map { Array(SearchText.runs($0.1).joined(separator: " ").utf8) }
            ))
        }
        self.documents = documents
        self.postings = postings
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
        if matches.isEmpty, terms.contains(where: { $0.count > SearchText.maxGramLength }) {
            matches = rank(terms, query: query, relaxed: true)
        }
        let start = min(query.page.offset, matches.count)
        let end = min(start + query.page.perPage, matches.count)
        let page = matches.sorted(by: Self.ranksBefore)[start..<end]
        return Page(
            items: page.map { documents[Int($0.document)].listing },
            total: matches.count, page: query.page.page, perPage: query.page.perPage
        )
    }

    static func ranksBefore(_ a: (score: Int, document: Int32), _ b: (score: Int, document: Int32)) -> Bool {
        a.score != b.score ? a.score > b.score : a.document < b.document
    }

    /// Every document that matches every term and every filter, with its score.
    func rank(_ terms: [String], query: ServiceQuery, relaxed: Bool) -> [(score: Int, document: Int32)] {
        let accepts = filter(for: query)
        guard !terms.isEmpty else {
            return documents.indices.compactMap { accepts(documents[$0]) ? (0, Int32($0)) : nil }
        }
        var perTerm: [[Int32: Int]] = []
        for term in terms {
            let scores = scores(of: term, relaxed: relaxed)
            if scores.isEmpty { return [] }
            perTerm.append(scores)
        }
        perTerm.sort { $0.count < $1.count }
        var result: [(score: Int, document: Int32)] = []
        outer: for (document, first) in perTerm[0] {
            var score = first
            for other in perTerm.dropFirst() {
                guard let more = other[document] else { continue outer }
                score += more
            }
            if accepts(documents[Int(document)]) { result.append((score, document)) }
        }
        return result
    }

    /// The score of each document that matches `term`: its best field's weight, plus 1000 for each
    /// matching piece when relaxed.
    func scores(of term: String, relaxed: Bool) -> [Int32: Int] {
        if term.count <= SearchText.maxGramLength {
            var scores: [Int32: Int] = [:]
            for posting in postings[term] ?? [] {
                scores[posting.document] = Self.weight(posting.field)
            }
            return scores
        }
        let pieces = SearchText.bigrams(term)
        if relaxed {
            var hits: [Int32: (count: Int, field: UInt8)] = [:]
            for piece in pieces {
                for posting in postings[piece] ?? [] {
                    let current = hits[posting.document]
                    hits[posting.document] = ((current?.count ?? 0) + 1, min(current?.field ?? .max, posting.field))
                }
            }
            let needed = SearchText.relaxedMinimum(pieces.count)
            var scores: [Int32: Int] = [:]
            for (document, hit) in hits where hit.count >= needed {
                scores[document] = hit.count * 1000 + Self.weight(hit.field)
            }
            return scores
        }
        // Candidates: the documents holding the rarest piece; then each is checked for the whole term.
        var rarest: [Posting]?
        for piece in pieces {
            guard let list = postings[piece] else { return [:] }
            if rarest == nil || list.count < rarest!.count { rarest = list }
        }
        let needle = Array(term.utf8)
        var scores: [Int32: Int] = [:]
        for posting in rarest ?? [] {
            let fields = documents[Int(posting.document)].fields
            if let field = fields.indices.first(where: { Self.contains(fields[$0], needle) }) {
                scores[posting.document] = Self.weight(UInt8(field))
            }
        }
        return scores
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

    /// The query's filters as one test on a document.
    func filter(for query: ServiceQuery) -> (Document) -> Bool {
        let categories = query.category.map { descendants(of: $0, parents: categoryParents) }
        let regions = query.region.map { descendants(of: $0, parents: regionParents) }
        let includeInactive = query.includeInactive
        let station = query.station
        let industry = query.industry
        let modeBit = query.mode?.bit
        return { document in
            if !includeInactive && !document.visible { return false }
            let listing = document.listing
            if let categories, !categories.contains(listing.service.category) { return false }
            if let regions, !regions.contains(listing.station.region) { return false }
            if let station, listing.station.id != station { return false }
            if let industry, !document.industries.contains(industry) { return false }
            if let modeBit, document.modeBits & modeBit == 0 { return false }
            return true
        }
    }

    func descendants(of root: String, parents: [String: String]) -> Set<String> {
        Catalog.descendants(of: root, parents: parents.map { ($0.key, $0.value) })
    }
}
