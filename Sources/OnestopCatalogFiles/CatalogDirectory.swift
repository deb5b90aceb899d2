import Foundation
import OnestopDomain
import Yams

/// A catalog as a directory of YAML files:
///
///     regions.yaml          the regions (GB/T 2260 codes)
///     categories.yaml       the category tree
///     stations/<id>.yaml    one station and the services it offers
///     calendar/<year>.yaml  one year's days off and make-up working days, with the notice they come from
public struct CatalogDirectory: Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public init(path: String) {
        self.url = URL(fileURLWithPath: path, isDirectory: true)
    }

    static let regionsFile = "regions.yaml"
    static let categoriesFile = "categories.yaml"
    static let stationsFolder = "stations"
    static let calendarFolder = "calendar"
    /// Where the working-day calendar's files are, in the directory.
    public static var calendarFolderName: String { calendarFolder }

    static let regionFields = ["code", "name", "name_en", "kind", "parent"]
    static let categoryFields = ["code", "name", "name_en", "description", "children"]
    static let stationFields = [
        "id", "name", "name_en", "kind", "region", "address", "phone", "email", "website", "hours", "modes",
        "industries", "capacity", "status", "coordinates", "description", "acknowledge_days", "caseworkers", "services",
    ]
    static let feeFields = ["free", "description", "min_cny", "max_cny", "charged_by"]
    static let calendarFields = ["year", "notice", "published", "source", "holidays"]
    static let holidayFields = ["name", "days_off", "working_days", "notice"]
    static let serviceFields = [
        "code", "category", "name", "name_en", "description", "keywords", "fee", "turnaround_days",
        "accreditations", "modes", "eligibility", "documents", "status",
    ]

    /// The result of reading a directory: the catalog as far as it could be read, and every problem.
    public struct LoadResult: Sendable {
        public var catalog: Catalog
        public var problems: [CatalogProblem]
        public var isValid: Bool { problems.isEmpty }
    }

    /// Reads and validates every file. Nothing stops at the first problem.
    public func load() -> LoadResult {
        var loader = Loader()
        loader.readRegions(url.appendingPathComponent(Self.regionsFile), name: Self.regionsFile)
        loader.readCategories(url.appendingPathComponent(Self.categoriesFile), name: Self.categoriesFile)
        let stationsURL = url.appendingPathComponent(Self.stationsFolder, isDirectory: true)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: stationsURL.path)) ?? []
        let stationFiles = files.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if stationFiles.isEmpty {
            loader.problems.append(CatalogProblem(file: Self.stationsFolder, line: 0,
                message: "没有服务站文件 (no station files: expected \(Self.stationsFolder)/<id>.yaml)"))
        }
        for file in stationFiles {
            loader.readStation(stationsURL.appendingPathComponent(file), name: "\(Self.stationsFolder)/\(file)")
        }
        let calendarURL = url.appendingPathComponent(Self.calendarFolder, isDirectory: true)
        let calendarFiles = ((try? FileManager.default.contentsOfDirectory(atPath: calendarURL.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        for file in calendarFiles {
            loader.readCalendarYear(calendarURL.appendingPathComponent(file), name: "\(Self.calendarFolder)/\(file)")
        }
        loader.catalog.calendar.sort { $0.year < $1.year }
        for issue in CatalogValidator().validate(loader.catalog) {
            loader.problems.append(loader.locations.problem(for: issue, prefix: ""))
        }
        let problems = loader.problems.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        return LoadResult(catalog: loader.catalog, problems: problems)
    }
}

/// The state of one load: what has been read so far and where.
private struct Loader {
    var catalog = Catalog()
    var problems: [CatalogProblem] = []
    var locations = SourceLocations()

    mutating func parse(_ url: URL, name: String) -> Node? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problems.append(CatalogProblem(file: name, line: 0, message: "文件不存在或无法读取 (file is missing or unreadable)"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append(CatalogProblem(file: name, line: 0, message: "文件不是 UTF-8 编码 (file is not UTF-8 text)"))
            return nil
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                problems.append(CatalogProblem(file: name, line: 1, message: "文件为空 (file is empty)"))
                return nil
            }
            return node
        } catch let error as YamlError {
            problems.append(CatalogProblem(file: name, line: Self.line(of: error), message: "YAML 语法错误 (YAML syntax error): \(Self.summary(of: error))"))
            return nil
        } catch {
            problems.append(CatalogProblem(file: name, line: 0, message: "YAML 语法错误 (YAML syntax error): \(error)"))
            return nil
        }
    }

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return 0
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.joined(separator: ", ")
        default:
            return "\(error)"
        }
    }

    /// The top-level mapping's only key `key`, as a list.
    mutating func topList(_ node: Node, key: String, file: String) -> [Node] {
        guard let top = YAMLFieldReader(node, file: file, what: file, allowed: [key], problems: &problems) else { return [] }
        if !top.has(key) {
            problems.append(CatalogProblem(file: file, line: top.line, message: "缺少顶层字段“\(key)” (missing top-level \"\(key)\")"))
        }
        return top.items(key, problems: &problems)
    }

    mutating func readRegions(_ url: URL, name: String) {
        guard let node = parse(url, name: name) else { return }
        var seen: [String: Int] = [:]
        for item in topList(node, key: "regions", file: name) {
            guard let reader = YAMLFieldReader(item, file: name, what: "region", allowed: CatalogDirectory.regionFields, problems: &problems),
                let code = reader.string("code", required: true, problems: &problems)
            else { continue }
            if let first = seen[code] {
                problems.append(CatalogProblem(file: name, line: reader.line(of: "code"),
                    message: "地区代码重复：\(code)，首次出现在第 \(first) 行 (duplicate region code \(code), first at line \(first))"))
                continue
            }
            seen[code] = reader.line(of: "code")
            let region = Region(
                code: code,
                name: reader.string("name", problems: &problems) ?? "",
                nameEn: reader.string("name_en", problems: &problems),
                kind: reader.value("kind", Region.Kind.self, required: true, problems: &problems) ?? .county,
                parent: reader.string("parent", problems: &problems)
            )
            record(.region(code), reader)
            catalog.regions.append(region)
        }
    }

    mutating func readCategories(_ url: URL, name: String) {
        guard let node = parse(url, name: name) else { return }
        var seen: [String: Int] = [:]
        func read(_ item: Node, parent: String?, depth: Int, into loader: inout Loader) {
            guard let reader = YAMLFieldReader(item, file: name, what: "category", allowed: CatalogDirectory.categoryFields, problems: &loader.problems),
                let code = reader.string("code", required: true, problems: &loader.problems)
            else { return }
            if let first = seen[code] {
                loader.problems.append(CatalogProblem(file: name, line: reader.line(of: "code"),
                    message: "类别代码重复：\(code)，首次出现在第 \(first) 行 (duplicate category code \(code), first at line \(first))"))
                return
            }
            seen[code] = reader.line(of: "code")
            let category = Category(
                code: code, parent: parent,
                name: reader.string("name", problems: &loader.problems) ?? "",
                nameEn: reader.string("name_en", problems: &loader.problems) ?? "",
                description: reader.string("description", problems: &loader.problems)
            )
            loader.record(.category(code), reader)
            loader.catalog.categories.append(category)
            guard depth < 8 else { return }
            for child in reader.items("children", problems: &loader.problems) {
                read(child, parent: code, depth: depth + 1, into: &loader)
            }
        }
        for item in topList(node, key: "categories", file: name) {
            read(item, parent: nil, depth: 0, into: &self)
        }
    }

    mutating func readStation(_ url: URL, name: String) {
        guard let node = parse(url, name: name),
            let reader = YAMLFieldReader(node, file: name, what: "station", allowed: CatalogDirectory.stationFields, problems: &problems),
            let id = reader.string("id", required: true, problems: &problems)
        else { return }
        if let existing = locations.location(of: .station(id)) {
            problems.append(CatalogProblem(file: name, line: reader.line(of: "id"),
                message: "服务站标识重复：\(id)，已在 \(existing.file):\(existing.line) 定义 (duplicate station id \(id), already defined at \(existing.file):\(existing.line))"))
            return
        }
        let expectedFile = "\(id).yaml"
        if !name.hasSuffix("/" + expectedFile) {
            problems.append(CatalogProblem(file: name, line: reader.line(of: "id"),
                message: "文件名应与服务站标识一致：\(expectedFile) (file name should match the station id: \(expectedFile))"))
        }
        record(.station(id), reader)
        let station = Station(
            id: id,
            name: reader.string("name", problems: &problems) ?? "",
            nameEn: reader.string("name_en", problems: &problems),
            kind: reader.value("kind", Station.Kind.self, required: true, problems: &problems) ?? .county,
            region: reader.string("region", problems: &problems) ?? "",
            address: reader.string("address", problems: &problems) ?? "",
            phone: reader.string("phone", problems: &problems) ?? "",
            email: reader.string("email", problems: &problems),
            website: reader.string("website", problems: &problems),
            hours: readHours(reader, subject: .station(id)),
            modes: reader.modes("modes", problems: &problems),
            industries: reader.strings("industries", problems: &problems),
            capacity: reader.int("capacity", required: true, problems: &problems) ?? 1,
            status: reader.value("status", Station.Status.self, problems: &problems) ?? .active,
            coordinates: readCoordinates(reader, subject: .station(id)),
            description: reader.string("description", problems: &problems),
            acknowledgementDays: reader.int("acknowledge_days", problems: &problems),
            caseworkers: readCaseworkers(reader, subject: .station(id))
        )
        catalog.stations.append(station)
        for (index, item) in reader.items("services", problems: &problems).enumerated() {
            readService(item, station: id, file: name, index: index)
        }
    }

    mutating func readHours(_ reader: YAMLFieldReader, subject: ValidationIssue.Subject) -> [OpeningPeriod] {
        var periods: [OpeningPeriod] = []
        for (index, item) in reader.items("hours", problems: &problems).enumerated() {
            let path = "hours[\(index)]"
            guard let period = YAMLFieldReader(item, file: reader.file, what: path, allowed: ["days", "opens", "closes"], problems: &problems) else { continue }
            locations.record(subject, field: path, line: period.line)
            for (key, line) in period.fieldLines { locations.record(subject, field: "\(path).\(key)", line: line) }
            let daysText = period.string("days", required: true, problems: &problems)
            let opensText = period.string("opens", required: true, problems: &problems)
            let closesText = period.string("closes", required: true, problems: &problems)
            var days: [Weekday]?
            if let daysText {
                days = Weekday.parseDays(daysText)
                if days == nil {
                    problems.append(period.problem("days", zh: "星期格式不正确：“\(daysText)”（如 mon-fri 或 mon,wed,sat）",
                        en: "malformed days \"\(daysText)\" (like mon-fri or mon,wed,sat)"))
                }
            }
            var opens: TimeOfDay?
            var closes: TimeOfDay?
            if let opensText {
                opens = TimeOfDay(opensText)
                if opens == nil {
                    problems.append(period.problem("opens", zh: "时间格式不正确：“\(opensText)”（应为 HH:MM）", en: "malformed time \"\(opensText)\" (HH:MM expected)"))
                }
            }
            if let closesText {
                closes = TimeOfDay(closesText)
                if closes == nil {
                    problems.append(period.problem("closes", zh: "时间格式不正确：“\(closesText)”（应为 HH:MM）", en: "malformed time \"\(closesText)\" (HH:MM expected)"))
                }
            }
            if let days, let opens, let closes {
                periods.append(OpeningPeriod(days: days, opens: opens, closes: closes))
            }
        }
        return periods
    }

    mutating func readCaseworkers(_ reader: YAMLFieldReader, subject: ValidationIssue.Subject) -> [Caseworker] {
        var caseworkers: [Caseworker] = []
        for (index, item) in reader.items("caseworkers", problems: &problems).enumerated() {
            let path = "caseworkers[\(index)]"
            guard let fields = YAMLFieldReader(item, file: reader.file, what: path, allowed: ["id", "name", "phone", "active"], problems: &problems) else { continue }
            locations.record(subject, field: path, line: fields.line)
            for (key, line) in fields.fieldLines { locations.record(subject, field: "\(path).\(key)", line: line) }
            caseworkers.append(Caseworker(
                id: fields.string("id", required: true, problems: &problems) ?? "",
                name: fields.string("name", required: true, problems: &problems) ?? "",
                phone: fields.string("phone", required: true, problems: &problems) ?? "",
                isActive: fields.bool("active", problems: &problems) ?? true))
        }
        return caseworkers
    }

    mutating func readCoordinates(_ reader: YAMLFieldReader, subject: ValidationIssue.Subject) -> Coordinates? {
        guard let node = reader.node("coordinates"),
            let fields = YAMLFieldReader(node, file: reader.file, what: "coordinates", allowed: ["latitude", "longitude"], problems: &problems)
        else { return nil }
        for (key, line) in fields.fieldLines { locations.record(subject, field: "coordinates.\(key)", line: line) }
        guard let latitude = fields.double("latitude", required: true, problems: &problems),
            let longitude = fields.double("longitude", required: true, problems: &problems)
        else { return nil }
        return Coordinates(latitude: latitude, longitude: longitude)
    }

    mutating func readService(_ node: Node, station: String, file: String, index: Int) {
        guard let reader = YAMLFieldReader(node, file: file, what: "service", allowed: CatalogDirectory.serviceFields, problems: &problems),
            let code = reader.string("code", required: true, problems: &problems)
        else { return }
        if let existing = locations.location(of: .service(code)) {
            problems.append(CatalogProblem(file: file, line: reader.line(of: "code"),
                message: "服务代码重复：\(code)，已在 \(existing.file):\(existing.line) 定义 (duplicate service code \(code), already defined at \(existing.file):\(existing.line))"))
            return
        }
        let subject = ValidationIssue.Subject.service(code)
        record(subject, reader)
        locations.record(subject, field: "station", line: reader.line)
        var fee = Fee(description: "")
        if let feeNode = reader.node("fee") {
            if case .scalar(let scalar) = feeNode {
                fee.description = scalar.string
                problems.append(CatalogProblem(file: file, line: reader.line(of: "fee"),
                    message: "fee：应写明是否免费，如 {free: true, description: 免费} (fee: must say whether it is free, like {free: true, description: 免费})"))
            } else if let fields = YAMLFieldReader(feeNode, file: file, what: "fee", allowed: CatalogDirectory.feeFields, problems: &problems) {
                for (key, line) in fields.fieldLines { locations.record(subject, field: "fee.\(key)", line: line) }
                let isFree = fields.bool("free", problems: &problems)
                if isFree == nil && !fields.has("free") {
                    problems.append(CatalogProblem(file: file, line: fields.line,
                        message: "fee 缺少字段“free”：免费写 true，收费写 false 并写明 charged_by (fee is missing \"free\": true, or false with charged_by)"))
                }
                fee = Fee(
                    description: fields.string("description", problems: &problems) ?? "",
                    minCNY: fields.int("min_cny", problems: &problems),
                    maxCNY: fields.int("max_cny", problems: &problems),
                    isFree: isFree ?? false,
                    chargedBy: fields.string("charged_by", problems: &problems)
                )
            }
        } else {
            problems.append(CatalogProblem(file: file, line: reader.line, message: "service 缺少字段“fee” (service is missing \"fee\")"))
        }
        var accreditations: [Accreditation] = []
        for (position, item) in reader.items("accreditations", problems: &problems).enumerated() {
            let path = "accreditations[\(position)]"
            guard let fields = YAMLFieldReader(item, file: file, what: path, allowed: ["mark", "number", "sample"], problems: &problems) else { continue }
            locations.record(subject, field: path, line: fields.line)
            for (key, line) in fields.fieldLines { locations.record(subject, field: "\(path).\(key)", line: line) }
            accreditations.append(Accreditation(
                mark: fields.string("mark", problems: &problems) ?? "",
                number: fields.string("number", problems: &problems) ?? "",
                sample: fields.bool("sample", problems: &problems) ?? true
            ))
        }
        catalog.services.append(Service(
            code: code,
            station: station,
            category: reader.string("category", problems: &problems) ?? "",
            name: reader.string("name", problems: &problems) ?? "",
            nameEn: reader.string("name_en", problems: &problems),
            description: reader.string("description", problems: &problems) ?? "",
            keywords: reader.strings("keywords", problems: &problems),
            fee: fee,
            turnaroundDays: reader.int("turnaround_days", problems: &problems),
            accreditations: accreditations,
            modes: reader.modes("modes", problems: &problems),
            eligibility: reader.string("eligibility", problems: &problems),
            documents: reader.strings("documents", problems: &problems),
            status: reader.value("status", Service.Status.self, problems: &problems) ?? .active
        ))
    }

    mutating func readCalendarYear(_ url: URL, name: String) {
        guard let node = parse(url, name: name),
            let reader = YAMLFieldReader(node, file: name, what: "calendar", allowed: CatalogDirectory.calendarFields, problems: &problems),
            let year = reader.int("year", required: true, problems: &problems)
        else { return }
        let subject = ValidationIssue.Subject.calendarYear(year)
        if let existing = locations.location(of: subject) {
            problems.append(CatalogProblem(file: name, line: reader.line(of: "year"),
                message: "日历年份重复：\(year)，已在 \(existing.file):\(existing.line) 定义 (duplicate calendar year \(year), already defined at \(existing.file):\(existing.line))"))
            return
        }
        if !name.hasSuffix("/\(year).yaml") {
            problems.append(CatalogProblem(file: name, line: reader.line(of: "year"),
                message: "文件名应与年份一致：\(year).yaml (file name should match the year: \(year).yaml)"))
        }
        record(subject, reader)
        var published: CivilDay?
        if let text = reader.string("published", problems: &problems) {
            published = CivilDay(text)
            if published == nil {
                problems.append(reader.problem("published", zh: "日期格式不正确：“\(text)”（应为 YYYY-MM-DD）", en: "malformed day \"\(text)\" (YYYY-MM-DD expected)"))
            }
        }
        var holidays: [CalendarYear.Holiday] = []
        for (index, item) in reader.items("holidays", problems: &problems).enumerated() {
            let path = "holidays[\(index)]"
            guard let fields = YAMLFieldReader(item, file: name, what: path, allowed: CatalogDirectory.holidayFields, problems: &problems) else { continue }
            locations.record(subject, field: path, line: fields.line)
            for (key, line) in fields.fieldLines { locations.record(subject, field: "\(path).\(key)", line: line) }
            func days<Value>(_ key: String, _ parse: (String) -> Value?, shape: String) -> [Value] {
                var values: [Value] = []
                for (position, dayNode) in fields.items(key, problems: &problems).enumerated() {
                    let line = dayNode.mark?.line ?? fields.line(of: key)
                    locations.record(subject, field: "\(path).\(key)[\(position)]", line: line)
                    guard let text = dayNode.scalar?.string, let value = parse(text) else {
                        let shown = dayNode.scalar?.string ?? "?"
                        problems.append(CatalogProblem(file: name, line: line,
                            message: "\(key)：日期格式不正确：“\(shown)”（应为 \(shape)） (\(key): malformed day \"\(shown)\" (\(shape) expected))"))
                        continue
                    }
                    values.append(value)
                }
                return values
            }
            holidays.append(CalendarYear.Holiday(
                name: fields.string("name", required: true, problems: &problems) ?? "",
                daysOff: days("days_off", DaySpan.init, shape: "YYYY-MM-DD 或 YYYY-MM-DD/YYYY-MM-DD"),
                workingDays: days("working_days", CivilDay.init, shape: "YYYY-MM-DD"),
                notice: fields.string("notice", problems: &problems)))
        }
        catalog.calendar.append(CalendarYear(
            year: year, notice: reader.string("notice", required: true, problems: &problems) ?? "", published: published,
            source: reader.string("source", problems: &problems), holidays: holidays))
    }

    mutating func record(_ subject: ValidationIssue.Subject, _ reader: YAMLFieldReader) {
        locations.record(subject, file: reader.file, line: reader.line)
        for (key, line) in reader.fieldLines { locations.record(subject, field: key, line: line) }
    }
}
