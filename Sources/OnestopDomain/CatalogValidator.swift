import Foundation

/// The catalog's rules. Every rule is checked and every problem reported, none stops the others.
public struct CatalogValidator: Sendable {
    /// What an entity is checked against: the codes that exist and the stations' modes.
    public struct Context: Sendable {
        public var regionCodes: Set<String>
        public var categoryCodes: Set<String>
        public var stations: [String: Station]

        public init(regionCodes: Set<String>, categoryCodes: Set<String>, stations: [String: Station]) {
            self.regionCodes = regionCodes
            self.categoryCodes = categoryCodes
            self.stations = stations
        }

        public init(_ catalog: Catalog) {
            self.regionCodes = Set(catalog.regions.map(\.code))
            self.categoryCodes = Set(catalog.categories.map(\.code))
            var stations: [String: Station] = [:]
            for station in catalog.stations where stations[station.id] == nil { stations[station.id] = station }
            self.stations = stations
        }
    }

    public static let maxNameLength = 100
    public static let maxTextLength = 4000

    public init() {}

    /// Every problem in the whole catalog, including duplicates and references between files.
    public func validate(_ catalog: Catalog) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        issues += duplicates(catalog.regions.map(\.code)).map {
            ValidationIssue(.region($0), field: "code", zh: "地区代码重复：\($0)", en: "duplicate region code \($0)")
        }
        issues += duplicates(catalog.categories.map(\.code)).map {
            ValidationIssue(.category($0), field: "code", zh: "类别代码重复：\($0)", en: "duplicate category code \($0)")
        }
        issues += duplicates(catalog.stations.map(\.id)).map {
            ValidationIssue(.station($0), field: "id", zh: "服务站标识重复：\($0)", en: "duplicate station id \($0)")
        }
        issues += duplicates(catalog.services.map(\.code)).map {
            ValidationIssue(.service($0), field: "code", zh: "服务代码重复：\($0)", en: "duplicate service code \($0)")
        }
        let regionCodes = Set(catalog.regions.map(\.code))
        for region in catalog.regions { issues += validate(region: region, regionCodes: regionCodes) }
        issues += validateCategories(catalog.categories)
        let context = Context(catalog)
        for station in catalog.stations { issues += validate(station: station, in: context) }
        for service in catalog.services { issues += validate(service: service, in: context) }
        issues += duplicates(catalog.calendar.map { String($0.year) }).map {
            ValidationIssue(.calendarYear(Int($0) ?? 0), field: "year", zh: "日历年份重复：\($0)", en: "duplicate calendar year \($0)")
        }
        for year in catalog.calendar { issues += validate(calendarYear: year) }
        return issues
    }

    public func validate(region: Region, regionCodes: Set<String>) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let subject = ValidationIssue.Subject.region(region.code)
        if !Region.isWellFormedCode(region.code) {
            issues.append(.init(subject, field: "code",
                zh: "地区代码应为 6 位行政区划代码（GB/T 2260），可加小写后缀，如 341500-etdz",
                en: "region code must be a six-digit GB/T 2260 code, optionally with a lowercase suffix like 341500-etdz"))
        }
        issues += requireText(region.name, subject, "name", max: Self.maxNameLength)
        if let parent = region.parent, !regionCodes.contains(parent) {
            issues.append(.init(subject, field: "parent", zh: "上级地区不存在：\(parent)", en: "unknown parent region \(parent)"))
        }
        return issues
    }

    func validateCategories(_ categories: [Category]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var parentOf: [String: String] = [:]
        for category in categories { if let parent = category.parent { parentOf[category.code] = parent } }
        let codes = Set(categories.map(\.code))
        for category in categories {
            let subject = ValidationIssue.Subject.category(category.code)
            if !Category.isWellFormedCode(category.code) {
                issues.append(.init(subject, field: "code",
                    zh: "类别代码只能含小写字母、数字、- 和 .，并以字母开头",
                    en: "category code must be lowercase letters, digits, - and ., starting with a letter"))
            }
            issues += requireText(category.name, subject, "name", max: Self.maxNameLength)
            issues += requireText(category.nameEn, subject, "name_en", max: Self.maxNameLength)
            if let parent = category.parent {
                if !codes.contains(parent) {
                    issues.append(.init(subject, field: "parent", zh: "上级类别不存在：\(parent)", en: "unknown parent category \(parent)"))
                } else {
                    var seen: Set<String> = [category.code]
                    var cursor: String? = parent
                    while let current = cursor {
                        if seen.contains(current) {
                            issues.append(.init(subject, field: "parent", zh: "类别层级出现循环", en: "category parents form a cycle"))
                            break
                        }
                        seen.insert(current)
                        cursor = parentOf[current]
                    }
                }
            }
        }
        return issues
    }

    public func validate(station: Station, in context: Context) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let subject = ValidationIssue.Subject.station(station.id)
        if !Station.isWellFormedID(station.id) {
            issues.append(.init(subject, field: "id",
                zh: "服务站标识应为 2 至 40 个小写字母、数字或 -，并以字母开头",
                en: "station id must be 2 to 40 lowercase letters, digits or -, starting with a letter"))
        }
        issues += requireText(station.name, subject, "name", max: Self.maxNameLength)
        if station.region.isEmpty {
            issues.append(.init(subject, field: "region", zh: "缺少地区代码", en: "region is missing"))
        } else if !Region.isWellFormedCode(station.region) {
            issues.append(.init(subject, field: "region",
                zh: "地区代码格式不正确：\(station.region)（应为 6 位行政区划代码）",
                en: "malformed region code \(station.region) (six-digit GB/T 2260 code expected)"))
        } else if !context.regionCodes.contains(station.region) {
            issues.append(.init(subject, field: "region", zh: "地区不存在：\(station.region)", en: "unknown region \(station.region)"))
        }
        issues += requireText(station.address, subject, "address", max: 200)
        if station.phone.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.init(subject, field: "phone", zh: "缺少联系电话", en: "phone is missing"))
        } else if PhoneNumber.normalize(station.phone) == nil {
            issues.append(.init(subject, field: "phone",
                zh: "电话号码格式不正确：\(station.phone)（手机 11 位，座机如 0564-5136080）",
                en: "not a valid phone number: \(station.phone) (11-digit mobile, or landline like 0564-5136080)"))
        }
        if let email = station.email, !EmailAddress.isPlausible(email) {
            issues.append(.init(subject, field: "email", zh: "电子邮箱格式不正确：\(email)", en: "not a valid email address: \(email)"))
        }
        if let website = station.website, !(website.hasPrefix("https://") || website.hasPrefix("http://")) {
            issues.append(.init(subject, field: "website", zh: "网址应以 http:// 或 https:// 开头", en: "website must start with http:// or https://"))
        }
        for (index, period) in station.hours.enumerated() {
            if period.days.isEmpty {
                issues.append(.init(subject, field: "hours[\(index)].days", zh: "未指定星期", en: "no days given"))
            }
            if period.opens >= period.closes {
                issues.append(.init(subject, field: "hours[\(index)]",
                    zh: "开门时间 \(period.opens) 应早于关门时间 \(period.closes)",
                    en: "opening time \(period.opens) must be before closing time \(period.closes)"))
            }
        }
        if station.modes.isEmpty {
            issues.append(.init(subject, field: "modes", zh: "至少需要一种服务方式（online、station、onsite）", en: "at least one mode is required (online, station, onsite)"))
        }
        for (index, industry) in station.industries.enumerated() where industry.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.init(subject, field: "industries[\(index)]", zh: "行业不能为空", en: "industry must not be empty"))
        }
        if !(1...100_000).contains(station.capacity) {
            issues.append(.init(subject, field: "capacity", zh: "承接能力应为 1 至 100000 之间的整数", en: "capacity must be a whole number from 1 to 100000"))
        }
        if let coordinates = station.coordinates {
            if !(-90...90).contains(coordinates.latitude) {
                issues.append(.init(subject, field: "coordinates.latitude", zh: "纬度应在 -90 至 90 之间", en: "latitude must be between -90 and 90"))
            }
            if !(-180...180).contains(coordinates.longitude) {
                issues.append(.init(subject, field: "coordinates.longitude", zh: "经度应在 -180 至 180 之间", en: "longitude must be between -180 and 180"))
            }
        }
        if let description = station.description {
            issues += checkText(description, subject, "description", .multiline(Self.maxTextLength))
        }
        if let days = station.acknowledgementDays, !(0...30).contains(days) {
            issues.append(.init(subject, field: "acknowledge_days", zh: "受理时限应为 0 至 30 个工作日", en: "acknowledge_days must be 0 to 30 working days"))
        }
        var caseworkerIDs: Set<String> = []
        for (index, caseworker) in station.caseworkers.enumerated() {
            let path = "caseworkers[\(index)]"
            if !Station.isWellFormedID(caseworker.id) {
                issues.append(.init(subject, field: "\(path).id", zh: "标识应为小写字母、数字和连字符，以字母开头，如 wang-fang",
                                    en: "id must be lowercase letters, digits and -, starting with a letter, like wang-fang"))
            } else if !caseworkerIDs.insert(caseworker.id).inserted {
                issues.append(.init(subject, field: "\(path).id", zh: "服务专员标识重复：\(caseworker.id)", en: "duplicate caseworker id \(caseworker.id)"))
            }
            issues += requireText(caseworker.name, subject, "\(path).name", max: 50)
            if PhoneNumber.normalize(caseworker.phone) == nil {
                issues.append(.init(subject, field: "\(path).phone",
                    zh: "电话号码格式不正确：\(caseworker.phone)（手机 11 位，座机如 0564-5136080）",
                    en: "not a valid phone number: \(caseworker.phone) (11-digit mobile, or landline like 0564-5136080)"))
            }
        }
        return issues
    }

    public func validate(service: Service, in context: Context) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let subject = ValidationIssue.Subject.service(service.code)
        if !Service.isWellFormedCode(service.code) {
            issues.append(.init(subject, field: "code",
                zh: "服务代码应为 3 至 40 个大写字母、数字或 -，如 JZ-TEA-001",
                en: "service code must be 3 to 40 uppercase letters, digits or -, like JZ-TEA-001"))
        }
        let station = context.stations[service.station]
        if station == nil {
            issues.append(.init(subject, field: "station", zh: "服务站不存在：\(service.station)", en: "unknown station \(service.station)"))
        }
        if service.category.isEmpty {
            issues.append(.init(subject, field: "category", zh: "缺少类别", en: "category is missing"))
        } else if !context.categoryCodes.contains(service.category) {
            issues.append(.init(subject, field: "category", zh: "类别不存在：\(service.category)", en: "unknown category \(service.category)"))
        }
        issues += requireText(service.name, subject, "name", max: Self.maxNameLength)
        issues += requireText(service.description, subject, "description", max: Self.maxTextLength, shape: .multiline)
        for (index, keyword) in service.keywords.enumerated() where keyword.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.init(subject, field: "keywords[\(index)]", zh: "关键词不能为空", en: "keyword must not be empty"))
        }
        issues += requireText(service.fee.description, subject, "fee.description", max: 500, shape: .multiline)
        if let min = service.fee.minCNY, min < 0 {
            issues.append(.init(subject, field: "fee.min_cny", zh: "收费下限不能为负数", en: "fee minimum must not be negative"))
        }
        if let max = service.fee.maxCNY, max < 0 {
            issues.append(.init(subject, field: "fee.max_cny", zh: "收费上限不能为负数", en: "fee maximum must not be negative"))
        }
        if let min = service.fee.minCNY, let max = service.fee.maxCNY, min > max {
            issues.append(.init(subject, field: "fee", zh: "收费下限 \(min) 高于上限 \(max)", en: "fee minimum \(min) is above maximum \(max)"))
        }
        if service.fee.isFree {
            if (service.fee.minCNY ?? 0) != 0 || (service.fee.maxCNY ?? 0) != 0 {
                issues.append(.init(subject, field: "fee.free", zh: "免费服务的收费范围应为 0 或不写", en: "a free service's fee range must be 0 or left out"))
            }
            if service.fee.chargedBy != nil {
                issues.append(.init(subject, field: "fee.charged_by", zh: "免费服务没有收费机构", en: "a free service has no charging institution"))
            }
        } else if let chargedBy = service.fee.chargedBy {
            issues += requireText(chargedBy, subject, "fee.charged_by", max: CatalogValidator.maxNameLength)
            if let station = context.stations[service.station], chargedBy.trimmingCharacters(in: .whitespaces) == station.name {
                issues.append(.init(subject, field: "fee.charged_by",
                    zh: "服务站本身不收费，请写明实际开展工作并收费的机构", en: "a station itself never charges: name the institution that does the work"))
            }
        } else {
            issues.append(.init(subject, field: "fee.charged_by",
                zh: "收费服务须写明收费机构（实际开展工作的机构）", en: "a charged service must name who charges (the institution that does the work)"))
        }
        if let days = service.turnaroundDays, !(0...365).contains(days) {
            issues.append(.init(subject, field: "turnaround_days", zh: "办理时限应为 0 至 365 个工作日", en: "turnaround must be 0 to 365 working days"))
        }
        for (index, accreditation) in service.accreditations.enumerated() {
            if accreditation.mark.isEmpty {
                issues.append(.init(subject, field: "accreditations[\(index)].mark", zh: "缺少资质标志", en: "mark is missing"))
            } else if !Accreditation.knownMarks.contains(accreditation.mark) {
                issues.append(.init(subject, field: "accreditations[\(index)].mark",
                    zh: "未知的资质标志：\(accreditation.mark)（可用：\(Accreditation.knownMarks.sorted().joined(separator: "、"))）",
                    en: "unknown accreditation mark \(accreditation.mark) (known: \(Accreditation.knownMarks.sorted().joined(separator: ", ")))"))
            }
            if accreditation.number.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.append(.init(subject, field: "accreditations[\(index)].number", zh: "缺少证书编号", en: "certificate number is missing"))
            }
        }
        if service.modes.isEmpty {
            issues.append(.init(subject, field: "modes", zh: "至少需要一种服务方式（online、station、onsite）", en: "at least one mode is required (online, station, onsite)"))
        } else if let station {
            let unsupported = service.modes.filter { !station.modes.contains($0) }
            if !unsupported.isEmpty {
                let names = unsupported.map(\.rawValue).joined(separator: ", ")
                issues.append(.init(subject, field: "modes",
                    zh: "服务站 \(station.id) 不提供该服务方式：\(names)",
                    en: "station \(station.id) does not offer mode \(names)"))
            }
        }
        for (index, document) in service.documents.enumerated() where document.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.init(subject, field: "documents[\(index)]", zh: "材料名称不能为空", en: "document must not be empty"))
        }
        if let eligibility = service.eligibility {
            issues += checkText(eligibility, subject, "eligibility", .multiline(Self.maxTextLength))
        }
        return issues
    }

    func requireText(_ text: String, _ subject: ValidationIssue.Subject, _ field: String, max: Int, shape: TextRule.Shape = .line) -> [ValidationIssue] {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return [.init(subject, field: field, zh: "不能为空", en: "must not be empty")]
        }
        return checkText(text, subject, field, TextRule(shape, maxScalars: max))
    }

    /// Catalog text is held to the same rules as a firm's: scalars counted after NFC, no control or bidi characters.
    func checkText(_ text: String, _ subject: ValidationIssue.Subject, _ field: String, _ rule: TextRule) -> [ValidationIssue] {
        switch rule.check(text) {
        case .success: return []
        case .failure(let problem): return [.init(subject, field: field, zh: problem.zh, en: problem.en)]
        }
    }

    func duplicates(_ keys: [String]) -> [String] {
        var seen: Set<String> = []
        var reported: Set<String> = []
        var result: [String] = []
        for key in keys {
            if !seen.insert(key).inserted, reported.insert(key).inserted { result.append(key) }
        }
        return result
    }
}
