import Foundation
import GRDB
import OnestopDomain

/// The catalog search on SQLite: one- and two-character terms from the `service_gram` index,
/// longer ones from the FTS5 trigram table, every filter and the ranking in one statement.
enum SearchIndex {
    static let ftsFieldSlots: Int64 = 4

    /// Rebuilds the search rows of the given services from their current text.
    static func reindex(services ids: Set<Int64>, in db: Database) throws {
        let deleteGrams = try db.cachedStatement(sql: "DELETE FROM service_gram WHERE service_id = ?")
        let insertGram = try db.cachedStatement(sql: "INSERT INTO service_gram (gram, service_id, field) VALUES (?, ?, ?)")
        let deleteText = try db.cachedStatement(sql: "DELETE FROM service_fts WHERE rowid BETWEEN ? AND ?")
        let insertText = try db.cachedStatement(sql: "INSERT INTO service_fts (rowid, text) VALUES (?, ?)")
        let rows = try Row.fetchAll(db, sql: """
            SELECT service.id, service.name, service.name_en, service.code, service.keywords, service.description,
                   service.accreditations,
                   category.name AS category_name, parent.name AS parent_name
            FROM service
            LEFT JOIN category ON category.code = service.category
            LEFT JOIN category AS parent ON parent.code = category.parent
            WHERE service.id IN (SELECT value FROM json_each(?))
            """, arguments: [String(decoding: try JSONEncoder().encode(Array(ids)), as: UTF8.self)])
        for row in rows {
            let id: Int64 = row["id"]
            let decoder = JSONDecoder()
            let keywords = (try? decoder.decode([String].self, from: Data((row["keywords"] as String).utf8))) ?? []
            let accreditations = (try? decoder.decode([Accreditation].self, from: Data((row["accreditations"] as String).utf8))) ?? []
            let service = Service(
                code: row["code"], station: "", category: "", name: row["name"], nameEn: row["name_en"],
                description: row["description"], keywords: keywords, fee: Fee(description: ""),
                accreditations: accreditations, modes: []
            )
            let categoryNames = [row["category_name"] as String?, row["parent_name"] as String?].compactMap { $0 }
            let fields = SearchText.fields(of: service, categoryNames: categoryNames)
            try deleteGrams.execute(arguments: [id])
            for (gram, field) in SearchText.gramIndex(of: fields) {
                try insertGram.execute(arguments: [gram, id, field.rawValue])
            }
            try deleteText.execute(arguments: [id * ftsFieldSlots, id * ftsFieldSlots + ftsFieldSlots - 1])
            for (field, text) in fields {
                try insertText.execute(arguments: [id * ftsFieldSlots + Int64(field.rawValue), SearchText.runs(text).joined(separator: " ")])
            }
        }
    }

    static let listingColumns = """
        service.*, station.name AS station_name, station.kind AS station_kind, station.region AS station_region,
        station.phone AS station_phone, category.name AS category_name, category.name_en AS category_name_en
        """
    static let listingJoins = """
        JOIN station ON station.id = service.station_id
        JOIN category ON category.code = service.category
        """

    static func listing(_ row: Row) throws -> ServiceListing {
        let record = try ServiceRecord(row: row)
        return ServiceListing(
            service: record.service,
            station: StationRef(
                id: record.stationId, name: row["station_name"],
                kind: Station.Kind(rawValue: row["station_kind"]) ?? .county,
                region: row["station_region"], phone: row["station_phone"]
            ),
            category: CategoryRef(code: record.category, name: row["category_name"], nameEn: row["category_name_en"])
        )
    }

    /// Searches strictly (every term a substring); when that finds nothing, searches again with each
    /// long term relaxed to most of its two-character pieces, so that 压力表校准 still finds 压力表检定
    /// services that mention 校准.
    static func search(_ query: ServiceQuery, in db: Database) throws -> Page<ServiceListing> {
        let strict = try search(query, relaxed: false, in: db)
        guard strict.total == 0, query.terms.contains(where: { $0.count > SearchText.maxGramLength }) else { return strict }
        return try search(query, relaxed: true, in: db)
    }

    static func search(_ query: ServiceQuery, relaxed: Bool, in db: Database) throws -> Page<ServiceListing> {
        let terms = query.terms
        var ctes: [String] = []
        var arguments: StatementArguments = []
        for (index, term) in terms.enumerated() {
            if term.count <= SearchText.maxGramLength {
                ctes.append("t\(index) AS (SELECT service_id, field AS f, 0 AS hits FROM service_gram WHERE gram = ?)")
                arguments += [term]
            } else if relaxed {
                let pieces = SearchText.bigrams(term)
                let placeholders = Array(repeating: "?", count: pieces.count).joined(separator: ", ")
                ctes.append("""
                    t\(index) AS (SELECT service_id, MIN(field) AS f, COUNT(*) AS hits FROM service_gram
                    WHERE gram IN (\(placeholders)) GROUP BY service_id HAVING COUNT(*) >= ?)
                    """)
                arguments += StatementArguments(pieces)
                arguments += [SearchText.relaxedMinimum(pieces.count)]
            } else {
                ctes.append("""
                    t\(index) AS (SELECT rowid / \(ftsFieldSlots) AS service_id, MIN(rowid % \(ftsFieldSlots)) AS f, 0 AS hits
                    FROM service_fts WHERE service_fts MATCH ? GROUP BY rowid / \(ftsFieldSlots))
                    """)
                arguments += ["\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\""]
            }
        }
        var from = "service"
        if !terms.isEmpty {
            from = "t0 " + (1..<terms.count).map { "JOIN t\($0) ON t\($0).service_id = t0.service_id " }.joined()
                + "JOIN service ON service.id = t0.service_id"
        }
        var conditions: [String] = []
        if !query.includeInactive {
            conditions.append("service.status = 'active' AND station.status = 'active'")
        }
        if let category = query.category {
            conditions.append("""
                service.category IN (WITH RECURSIVE sub(code) AS (SELECT ? UNION SELECT category.code FROM category
                JOIN sub ON category.parent = sub.code) SELECT code FROM sub)
                """)
            arguments += [category]
        }
        if let region = query.region {
            conditions.append("""
                station.region IN (WITH RECURSIVE sub(code) AS (SELECT ? UNION SELECT region.code FROM region
                JOIN sub ON region.parent = sub.code) SELECT code FROM sub)
                """)
            arguments += [region]
        }
        if let station = query.station {
            conditions.append("service.station_id = ?")
            arguments += [station]
        }
        if let industry = query.industry {
            conditions.append("EXISTS (SELECT 1 FROM station_industry WHERE industry = ? AND station_id = station.id)")
            arguments += [industry]
        }
        if let mode = query.mode {
            conditions.append("(service.modes & ?) != 0")
            arguments += [mode.bit]
        }
        // More matching pieces first (relaxed terms only), then where the terms matched.
        let score = terms.indices.map { index in
            "t\(index).hits * 1000 + (CASE t\(index).f WHEN 0 THEN \(SearchText.Field.name.weight) WHEN 1 THEN \(SearchText.Field.keyword.weight) ELSE \(SearchText.Field.description.weight) END)"
        }.joined(separator: " + ")
        // Rank and count on narrow rows; read whole rows only for the page.
        let with = ctes.isEmpty ? "" : "WITH " + ctes.joined(separator: ",\n") + "\n"
        let body = """
            FROM \(from)
            JOIN station ON station.id = service.station_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            """
        let ids = try Int64.fetchAll(db, sql: with + """
            SELECT service.id \(body)
            ORDER BY \(terms.isEmpty ? "" : "(\(score)) DESC,") service.code
            LIMIT ? OFFSET ?
            """, arguments: arguments + [query.page.perPage, query.page.offset])
        let total: Int
        if query.page.offset == 0 && ids.count < query.page.perPage {
            total = ids.count
        } else {
            total = try Int.fetchOne(db, sql: with + "SELECT COUNT(*) \(body)", arguments: arguments) ?? 0
        }
        let items = try listings(ids: ids, in: db)
        return Page(items: items, total: total, page: query.page.page, perPage: query.page.perPage)
    }

    /// The listings of the given services, in the order of `ids`.
    static func listings(ids: [Int64], in db: Database) throws -> [ServiceListing] {
        guard !ids.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: "SELECT \(listingColumns) FROM service \(listingJoins) WHERE service.id IN (\(placeholders))",
                                    arguments: StatementArguments(ids))
        var byID: [Int64: ServiceListing] = [:]
        for row in rows { byID[row["id"]] = try listing(row) }
        return ids.compactMap { byID[$0] }
    }
}
