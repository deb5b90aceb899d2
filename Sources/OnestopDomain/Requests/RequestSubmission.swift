import Foundation

/// A firm's submission as sent, before it is checked.
public struct RequestSubmission: Codable, Sendable, Equatable {
    public struct EnterpriseInput: Codable, Sendable, Equatable {
        public var name: String?
        public var uscc: String?
        public var region: String?
        public var industry: String?
        public var contactName: String?
        public var phone: String?
        public var email: String?

        public init(name: String? = nil, uscc: String? = nil, region: String? = nil, industry: String? = nil,
                    contactName: String? = nil, phone: String? = nil, email: String? = nil) {
            self.name = name
            self.uscc = uscc
            self.region = region
            self.industry = industry
            self.contactName = contactName
            self.phone = phone
            self.email = email
        }

        enum CodingKeys: String, CodingKey {
            case name, uscc, region, industry, contactName = "contact_name", phone, email
        }

        public static let fieldNames: Set<String> = ["name", "uscc", "region", "industry", "contact_name", "phone", "email"]
    }

    /// Which notices the firm agrees to: `{"sms": true, "email": false}`; none when absent.
    public struct NoticesInput: Codable, Sendable, Equatable {
        public var sms: Bool?
        public var email: Bool?

        public init(sms: Bool? = nil, email: Bool? = nil) {
            self.sms = sms
            self.email = email
        }

        public static let fieldNames: Set<String> = ["sms", "email"]
    }

    public var enterprise: EnterpriseInput?
    public var notices: NoticesInput?
    public var serviceCode: String?
    public var categoryCode: String?
    public var description: String?
    public var mode: String?
    public var preferredStation: String?

    public init(enterprise: EnterpriseInput? = nil, serviceCode: String? = nil, categoryCode: String? = nil,
                description: String? = nil, mode: String? = nil, preferredStation: String? = nil, notices: NoticesInput? = nil) {
        self.enterprise = enterprise
        self.notices = notices
        self.serviceCode = serviceCode
        self.categoryCode = categoryCode
        self.description = description
        self.mode = mode
        self.preferredStation = preferredStation
    }

    enum CodingKeys: String, CodingKey {
        case enterprise, serviceCode = "service_code", categoryCode = "category_code", description, mode,
            preferredStation = "preferred_station", notices
    }

    public static let fieldNames: Set<String> = ["enterprise", "service_code", "category_code", "description", "mode", "preferred_station", "notices"]

    public static let maxDescriptionLength = 4000

    /// What the checks need to know of the catalog.
    public struct Context: Sendable {
        public var regions: Set<String>
        public var categories: Set<String>
        public var services: Set<String>
        public var stations: Set<String>

        public init(regions: Set<String>, categories: Set<String>, services: Set<String>, stations: Set<String>) {
            self.regions = regions
            self.categories = categories
            self.services = services
            self.stations = stations
        }
    }

    /// A submission that passed every check.
    public struct Checked: Sendable, Equatable {
        public var enterprise: Enterprise
        public var need: RoutingNeed
        public var description: String
        public var notices: NoticeConsent

        public init(enterprise: Enterprise, need: RoutingNeed, description: String, notices: NoticeConsent = NoticeConsent()) {
            self.enterprise = enterprise
            self.need = need
            self.description = description
            self.notices = notices
        }
    }

    /// The checked request parts, or every problem at once, each naming its field.
    public func validate(in context: Context) -> Result<Checked, ValidationFailure> {
        var issues: [ValidationIssue] = []
        func issue(_ field: String, _ zh: String, _ en: String, choices: ValidationIssue.Choices? = nil) {
            issues.append(ValidationIssue(.request, field: field, zh: zh, en: en, choices: choices))
        }
        func text(_ value: String?, _ field: String, max: Int, required: Bool, shape: TextRule.Shape = .line) -> String? {
            switch TextRule(shape, maxScalars: max).check(value ?? "") {
            case .failure(let problem):
                issue(field, problem.zh, problem.en)
                return nil
            case .success(let checked) where checked.isEmpty:
                if required { issue(field, "必填", "is required") }
                return nil
            case .success(let checked):
                return checked
            }
        }
        let input = enterprise ?? EnterpriseInput()
        if enterprise == nil { issue("enterprise", "必填", "is required") }
        let name = text(input.name, "enterprise.name", max: 100, required: enterprise != nil)
        var uscc: String?
        if let raw = text(input.uscc, "enterprise.uscc", max: 30, required: enterprise != nil) {
            switch UnifiedSocialCreditCode.parse(raw) {
            case .success(let code): uscc = code.value
            case .failure(let problem): issue("enterprise.uscc", "统一社会信用代码有误：\(problem.zh)", "invalid unified social credit code: \(problem.en)")
            }
        }
        let region = text(input.region, "enterprise.region", max: 40, required: enterprise != nil)
        if let region, !context.regions.contains(region) {
            issue("enterprise.region", "地区不存在：\(region)", "unknown region \(region)", choices: .regions)
        }
        let industry = text(input.industry, "enterprise.industry", max: 40, required: false)
        let contact = text(input.contactName, "enterprise.contact_name", max: 50, required: enterprise != nil)
        var phone: String?
        if let raw = text(input.phone, "enterprise.phone", max: 30, required: enterprise != nil) {
            phone = PhoneNumber.normalize(raw)
            if phone == nil {
                issue("enterprise.phone", "电话号码格式不正确：\(raw)（手机 11 位，座机如 0564-5136080）",
                      "not a valid phone number: \(raw) (11-digit mobile, or landline like 0564-5136080)")
            }
        }
        let email = text(input.email, "enterprise.email", max: 254, required: false)
        if let email, !EmailAddress.isPlausible(email) {
            issue("enterprise.email", "电子邮箱格式不正确：\(email)", "not a valid email address: \(email)")
        }
        let serviceCode = text(serviceCode, "service_code", max: 40, required: false)
        let categoryCode = text(categoryCode, "category_code", max: 40, required: false)
        switch (serviceCode, categoryCode) {
        case (nil, nil):
            issue("service_code", "请选择服务（service_code），不确定时选择类别（category_code）",
                  "give service_code, or category_code when you do not know the exact service")
        case (.some, .some):
            issue("category_code", "service_code 与 category_code 只能填一个", "give service_code or category_code, not both")
        case (.some(let code), nil) where !context.services.contains(code):
            issue("service_code", "服务不存在：\(code)", "unknown service \(code)")
        case (nil, .some(let code)) where !context.categories.contains(code):
            issue("category_code", "类别不存在：\(code)", "unknown category \(code)", choices: .categories)
        default:
            break
        }
        let description = text(self.description, "description", max: Self.maxDescriptionLength, required: true, shape: .multiline)
        var mode: ServiceMode?
        if let raw = text(self.mode, "mode", max: 20, required: true) {
            mode = ServiceMode(rawValue: raw)
            if mode == nil { issue("mode", "可选值：online、station、onsite", "must be one of online, station, onsite") }
        }
        let preferred = text(preferredStation, "preferred_station", max: 40, required: false)
        if let preferred, !context.stations.contains(preferred) {
            issue("preferred_station", "服务站不存在：\(preferred)", "unknown station \(preferred)")
        }
        let wantsSMS = notices?.sms ?? false
        let wantsEmail = notices?.email ?? false
        if wantsSMS, let phone, PhoneNumber.mobile(phone) == nil {
            issue("notices.sms", "固定电话无法接收短信，请填写手机号码或不选短信通知",
                  "a landline cannot receive text messages: give a mobile number or do not ask for SMS")
        }
        if wantsEmail, email == nil, input.email.map({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true {
            issue("notices.email", "请填写电子邮箱，或不选邮件通知", "give enterprise.email, or do not ask for email")
        }
        guard issues.isEmpty, let name, let uscc, let region, let contact, let phone, let description, let mode else {
            return .failure(ValidationFailure(issues))
        }
        return .success(Checked(
            enterprise: Enterprise(name: name, uscc: uscc, region: region, industry: industry, contactName: contact, phone: phone, email: email),
            need: RoutingNeed(serviceCode: serviceCode, categoryCode: categoryCode, region: region, industry: industry, mode: mode, preferredStation: preferred),
            description: description, notices: NoticeConsent(sms: wantsSMS, email: wantsEmail)
        ))
    }
}
