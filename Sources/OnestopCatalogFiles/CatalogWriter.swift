import Foundation
import OnestopDomain
import Yams

/// Writes a catalog as the files `CatalogDirectory` reads: the same layout, fields in a fixed order.
public struct CatalogWriter: Sendable {
    public init() {}

    /// Writes every file under `url`, creating folders as needed, and returns the paths written.
    /// Station files already there for stations the catalog does not have are removed, so that the
    /// folder holds exactly this catalog.
    @discardableResult
    public func write(_ catalog: Catalog, to url: URL) throws -> [String] {
        let fileManager = FileManager.default
        let stationsURL = url.appendingPathComponent(CatalogDirectory.stationsFolder, isDirectory: true)
        try fileManager.createDirectory(at: stationsURL, withIntermediateDirectories: true)
        var written: [String] = []
        func save(_ node: Node, _ name: String, header: String) throws {
            let text = header + (try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true))
            try Data(text.utf8).write(to: url.appendingPathComponent(name), options: .atomic)
            written.append(name)
        }
        let header = "# Exported by `onestop catalog export`. Sample data: see Catalog/README.md.\n"
        try save(map([("regions", .sequence(.init(catalog.regions.map(regionNode))))]), CatalogDirectory.regionsFile, header: header)
        try save(map([("categories", .sequence(.init(categoryNodes(catalog.categories, parent: nil))))]), CatalogDirectory.categoriesFile, header: header)
        let servicesByStation = Dictionary(grouping: catalog.services, by: \.station)
        for station in catalog.stations {
            let services = (servicesByStation[station.id] ?? []).sorted { $0.code < $1.code }
            try save(stationNode(station, services: services), "\(CatalogDirectory.stationsFolder)/\(station.id).yaml", header: header)
        }
        let calendarURL = url.appendingPathComponent(CatalogDirectory.calendarFolder, isDirectory: true)
        if !catalog.calendar.isEmpty { try fileManager.createDirectory(at: calendarURL, withIntermediateDirectories: true) }
        for year in catalog.calendar {
            try save(calendarNode(year), "\(CatalogDirectory.calendarFolder)/\(year.year).yaml", header: header)
        }
        let kept = Set(written)
        if fileManager.fileExists(atPath: calendarURL.path) {
            for file in try fileManager.contentsOfDirectory(atPath: calendarURL.path)
            where (file.hasSuffix(".yaml") || file.hasSuffix(".yml")) && !kept.contains("\(CatalogDirectory.calendarFolder)/\(file)") {
                try fileManager.removeItem(at: calendarURL.appendingPathComponent(file))
            }
        }
        for file in try fileManager.contentsOfDirectory(atPath: stationsURL.path)
        where (file.hasSuffix(".yaml") || file.hasSuffix(".yml")) && !kept.contains("\(CatalogDirectory.stationsFolder)/\(file)") {
            try fileManager.removeItem(at: stationsURL.appendingPathComponent(file))
        }
        return written
    }

    func map(_ pairs: [(String, Node?)]) -> Node {
        .mapping(.init(pairs.compactMap { key, value in value.map { (Node(key), $0) } }))
    }

    func text(_ value: String?) -> Node? {
        guard let value else { return nil }
        // Quote what YAML would otherwise read as a number, a boolean, a date or null.
        let plainIsSafe = Node(value).string == value && Int(value) == nil && Double(value) == nil
            && !["true", "false", "yes", "no", "null", "~", "on", "off"].contains(value.lowercased())
            && !value.contains(":")
        return Node(value, .implicit, plainIsSafe ? .any : .doubleQuoted)
    }

    func number(_ value: Int?) -> Node? { value.map { Node(String($0)) } }

    func list(_ values: [String]) -> Node? {
        values.isEmpty ? nil : .sequence(.init(values.compactMap(text)))
    }

    func flow(_ pairs: [(String, Node?)]) -> Node {
        .mapping(.init(pairs.compactMap { key, value in value.map { (Node(key), $0) } }, .implicit, .flow))
    }

    func regionNode(_ region: Region) -> Node {
        map([
            ("code", text(region.code)), ("name", text(region.name)), ("name_en", text(region.nameEn)),
            ("kind", text(region.kind.rawValue)), ("parent", text(region.parent)),
        ])
    }

    func categoryNodes(_ categories: [Category], parent: String?) -> [Node] {
        categories.filter { $0.parent == parent }.map { category in
            let children = categoryNodes(categories, parent: category.code)
            return map([
                ("code", text(category.code)), ("name", text(category.name)), ("name_en", text(category.nameEn)),
                ("description", text(category.description)),
                ("children", children.isEmpty ? nil : .sequence(.init(children))),
            ])
        }
    }

    func stationNode(_ station: Station, services: [Service]) -> Node {
        let hours: Node? = station.hours.isEmpty ? nil : .sequence(.init(station.hours.map { period in
            flow([
                ("days", text(Weekday.formatDays(period.days))),
                ("opens", text(period.opens.description)),
                ("closes", text(period.closes.description)),
            ])
        }))
        let coordinates = station.coordinates.map { flow([
            ("latitude", Node(String($0.latitude))), ("longitude", Node(String($0.longitude))),
        ]) }
        return map([
            ("id", text(station.id)), ("name", text(station.name)), ("name_en", text(station.nameEn)),
            ("kind", text(station.kind.rawValue)), ("region", text(station.region)),
            ("address", text(station.address)), ("phone", text(station.phone)), ("email", text(station.email)),
            ("website", text(station.website)), ("hours", hours), ("modes", list(station.modes.map(\.rawValue))),
            ("industries", list(station.industries)), ("capacity", number(station.capacity)),
            ("status", station.status == .active ? nil : text(station.status.rawValue)),
            ("coordinates", coordinates), ("description", text(station.description)),
            ("acknowledge_days", number(station.acknowledgementDays)),
            ("caseworkers", station.caseworkers.isEmpty ? nil : .sequence(.init(station.caseworkers.map {
                flow([("id", text($0.id)), ("name", text($0.name)), ("phone", text($0.phone)), ("active", $0.isActive ? nil : Node("false"))])
            }))),
            ("services", services.isEmpty ? nil : .sequence(.init(services.map(serviceNode)))),
        ])
    }

    func calendarNode(_ year: CalendarYear) -> Node {
        func days(_ values: [String]) -> Node? {
            values.isEmpty ? nil : .sequence(.init(values.map { Node($0, .implicit, .doubleQuoted) }, .implicit, .flow))
        }
        return map([
            ("year", number(year.year)), ("notice", text(year.notice)),
            ("published", year.published.map { Node($0.description, .implicit, .doubleQuoted) }), ("source", text(year.source)),
            ("holidays", year.holidays.isEmpty ? nil : .sequence(.init(year.holidays.map { holiday in
                map([
                    ("name", text(holiday.name)), ("days_off", days(holiday.daysOff.map(\.description))),
                    ("working_days", days(holiday.workingDays.map(\.description))), ("notice", text(holiday.notice)),
                ])
            }))),
        ])
    }

    func serviceNode(_ service: Service) -> Node {
        let fee = flow([
            ("free", Node(service.fee.isFree ? "true" : "false")),
            ("description", text(service.fee.description)), ("min_cny", number(service.fee.minCNY)),
            ("max_cny", number(service.fee.maxCNY)), ("charged_by", text(service.fee.chargedBy)),
        ])
        let accreditations: Node? = service.accreditations.isEmpty ? nil : .sequence(.init(service.accreditations.map {
            flow([("mark", text($0.mark)), ("number", text($0.number)), ("sample", $0.sample ? nil : Node("false"))])
        }))
        return map([
            ("code", text(service.code)), ("category", text(service.category)), ("name", text(service.name)),
            ("name_en", text(service.nameEn)), ("description", text(service.description)),
            ("keywords", list(service.keywords)), ("fee", fee), ("turnaround_days", number(service.turnaroundDays)),
            ("accreditations", accreditations), ("modes", list(service.modes.map(\.rawValue))),
            ("eligibility", text(service.eligibility)), ("documents", list(service.documents)),
            ("status", service.status == .active ? nil : text(service.status.rawValue)),
        ])
    }
}
