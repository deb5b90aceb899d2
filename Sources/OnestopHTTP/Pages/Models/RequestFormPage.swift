import Mustache
import OnestopDomain
import OnestopStore

/// The firm's request form: what was typed kept, each problem beside its field and summed up at the top.
struct RequestFormPage: PageModel {
    /// A problem in the summary, linking to its field.
    struct Problem: MustacheParent {
        var id: String
        var message: String

        func child(named name: String) -> Any? {
            switch name {
            case "id": id
            case "message": message
            default: nil
            }
        }
    }

    static let template = PageTemplate.requestForm

    var frame: PageFrame
    /// The fields, rendered.
    var fields: [String] = []
    var problems: [Problem] = []
    var problemCount: Int
    var notice: String?
    var service: ServiceSummary?
    var serviceCode: String?
    var formID: String
    /// The notices a firm may agree to, one checkbox per channel a provider is configured for.
    var noticeOptions: [[String: Any]] = []

    /// The form over `input` (by the API's field names: `enterprise.uscc`, `description`, …), for `service`
    /// when the firm came from one, with `issues` found in what was sent.
    init(frame: PageFrame, data: ReferenceDataCache.Data, input: [String: String], service: ServiceListing?, issues: [ValidationIssue],
         notice: String?, formID: String, noticeChannels: Set<NoticeChannel> = []) {
        let language = frame.language
        self.frame = frame
        self.notice = notice
        self.formID = formID
        self.service = service.map { ServiceSummary($0, language) }
        serviceCode = service?.service.code
        problemCount = Set(issues.map(\.field)).count
        var errors: [String: String] = [:]
        for issue in issues where errors[issue.field] == nil {
            errors[issue.field] = language.say(issue.messageZh, issue.messageEn)
        }
        let modes = service?.service.modes ?? ServiceMode.allCases
        var fields: [FormField] = []
        func field(_ name: String, _ label: String, kind: FormField.Kind = .input("text"), required: Bool = true, hint: String? = nil,
                   autocomplete: String? = nil, maxLength: Int? = nil) {
            fields.append(FormField(
                name: name, label: label, kind: kind, value: input[name] ?? "", required: required,
                optionalNote: required ? nil : language.say("选填", "optional"), hint: hint, error: errors[name],
                autocomplete: autocomplete, maxLength: maxLength))
        }
        let choose = language.say("请选择", "Choose")
        field("enterprise.name", language.say("企业名称", "Firm's name"), autocomplete: "organization", maxLength: 100)
        field("enterprise.uscc", language.say("统一社会信用代码", "Unified social credit code"),
              hint: language.say("18 位，见营业执照", "18 characters, on the business licence"), maxLength: 30)
        field("enterprise.region", language.say("所在县区", "County"),
              kind: .select(data.fragments.html(.counties, language, selected: input["enterprise.region"], placeholder: choose)))
        field("enterprise.industry", language.say("所属行业", "Industry"), required: false, maxLength: 40)
        field("enterprise.contact_name", language.say("联系人", "Contact person"), autocomplete: "name", maxLength: 50)
        field("enterprise.phone", language.say("联系电话", "Phone"), kind: .input("tel"),
              hint: language.say("手机 11 位，或座机如 0564-5136080", "11-digit mobile, or landline like 0564-5136080"),
              autocomplete: "tel", maxLength: 30)
        field("enterprise.email", language.say("电子邮箱", "Email"), kind: .input("email"), required: false, autocomplete: "email", maxLength: 254)
        if service == nil {
            field("category_code", language.say("需要哪类服务", "Kind of service"),
                  kind: .select(data.fragments.html(.categories, language, selected: input["category_code"], placeholder: choose)),
                  hint: language.say("不确定具体服务时，选择类别即可，平台会帮您找到服务站", "Not sure which service? Choose a kind and the platform finds a station"))
        }
        field("mode", language.say("办理方式", "How"), kind: .select(data.fragments.html(
            .modes(modes), language, selected: input["mode"], placeholder: modes.count == 1 ? nil : choose)))
        field("description", language.say("需求说明", "What you need"), kind: .textarea,
              hint: language.say("例如：需要检定的器具、数量、期望时间", "For example: which instruments, how many, by when"),
              maxLength: RequestSubmission.maxDescriptionLength)
        var noticeProblems: [Problem] = []
        for channel in NoticeChannel.allCases where noticeChannels.contains(channel) {
            let name = "notices.\(channel.rawValue)"
            let label = channel == .sms
                ? language.say("通过短信通知我办理进展（发送至联系电话，须为手机）", "Tell me of progress by SMS (to the phone above, a mobile)")
                : language.say("通过邮件通知我办理进展（发送至电子邮箱）", "Tell me of progress by email (to the address above)")
            let id = "notices-\(channel.rawValue)"
            noticeOptions.append(["name": name, "id": id, "label": label, "checked": input[name] == "1", "error": errors[name].orMissing])
            if let error = errors[name] { noticeProblems.append(Problem(id: id, message: error)) }
        }
        // An error about the form as a whole (the service itself) has no field of its own here.
        for (name, error) in errors.sorted(by: { $0.key < $1.key }) where !fields.contains(where: { $0.name == name }) && !name.hasPrefix("notices.") {
            let home = name == "service_code" ? "category_code" : "description"
            if let index = fields.firstIndex(where: { $0.name == home }) ?? fields.indices.last {
                fields[index].error = [fields[index].error, error].compactMap { $0 }.joined(separator: "；")
            }
        }
        self.fields = fields.map(data.fragments.html)
        problems = fields.compactMap { field in
            guard let error = field.error else { return nil }
            // "统一社会信用代码有误…" already names its field.
            return Problem(id: field.id, message: error.hasPrefix(field.label) ? error : "\(field.label)：\(error)")
        } + noticeProblems
    }

    func child(named name: String) -> Any? {
        let language = frame.language
        switch name {
        case "fields": return fields
        case "noticeOptions": return noticeOptions
        case "hasNoticeOptions": return !noticeOptions.isEmpty
        case "noticeLegend": return frame.language.say("进度通知（选填）", "Notices (optional)")
        case "noticeHint": return frame.language.say("可随时在查询页停止通知。", "You can stop them at any time on the tracking page.")
        case "errorSummary": return problems
        case "hasErrors": return problemCount > 0
        case "errorHeading":
            return language.say("请修改以下 \(problemCount) 处后再提交", "Please correct \(problemCount) thing(s) and send again")
        case "notice": return notice.orMissing
        case "service": return service.orMissing
        case "serviceCode": return serviceCode.orMissing
        case "formID": return formID
        case "heading": return language.say("提交服务需求", "Request a service")
        case "intro":
            return language.say(
                "填写后提交，平台会把需求交给最合适的服务站，并给您一个查询链接跟踪办理进度。带 * 的为必填。",
                "Send this form and the platform passes your request to the station best placed to serve it, and gives you a private link to follow it. Fields marked * are required.")
        case "send": return language.say("提交", "Send")
        default: return frame.child(named: name)
        }
    }
}
