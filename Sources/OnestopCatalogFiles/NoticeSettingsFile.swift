import Foundation
import OnestopDomain
import Yams

/// The notices file staff keep (`onestop serve --notices FILE`): which SMS provider and mail server tell firms of their
/// requests, the signature, each event's approved template and how its variables are filled, and the per-number
/// limits. Credentials are never written in it: each names an environment variable (`{env: NAME}`) or a file
/// (`{file: PATH}`) to read them from. Every problem is reported with its line, and nothing is half-read.
public enum NoticeSettingsFile {
    public struct Failure: Error, CustomStringConvertible {
        public var problems: [CatalogProblem]
        public var description: String { problems.map(\.description).joined(separator: "\n") }
    }

    /// Reads the file at `path`; `environment` and the files it names give the credentials. `publicURL` is used when
    /// the file does not say where onestop is reached.
    public static func load(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment, publicURL: String)
        throws(Failure) -> NoticeProviders
    {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(problems: [CatalogProblem(file: path, line: 0, message: "无法读取该文件 (the file cannot be read)")])
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, environment: environment, publicURL: publicURL)
    }

    public static func parse(_ text: String, file: String, environment: [String: String], publicURL: String) throws(Failure) -> NoticeProviders {
        var problems: [CatalogProblem] = []
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Failure(problems: [CatalogProblem(file: file, line: 1, message: "文件为空 (the file is empty)")])
            }
            root = node
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(problems: [CatalogProblem(file: file, line: 0, message: "不是有效的 YAML (not valid YAML): \(error)")])
        }
        guard let top = YAMLFieldReader(root, file: file, what: "通知配置 (notices)", allowed: ["public_url", "limits", "sms", "email", "retry"],
                                        problems: &problems)
        else { throw Failure(problems: problems) }
        var providers = NoticeProviders(publicURL: top.string("public_url", problems: &problems) ?? publicURL)
        if let url = URLComponents(string: providers.publicURL), !["http", "https"].contains(url.scheme ?? "") || url.host == nil {
            problems.append(top.problem("public_url", zh: "应为 http(s) 地址", en: "must be an http(s) URL"))
        }
        if let node = top.node("limits"), let limits = YAMLFieldReader(node, file: file, what: "limits", allowed: ["per_minute", "per_hour", "per_day"],
                                                                         problems: &problems) {
            func count(_ key: String, _ fallback: Int) -> Int {
                guard let value = limits.int(key, problems: &problems) else { return fallback }
                guard value >= 0 else {
                    problems.append(limits.problem(key, zh: "不能为负数", en: "cannot be negative"))
                    return fallback
                }
                return value
            }
            providers.limits = NoticeLimits(perMinute: count("per_minute", 1), perHour: count("per_hour", 5), perDay: count("per_day", 10))
        }
        if let text = top.string("retry", problems: &problems) {
            if let schedule = RetrySchedule(parsing: text) { providers.schedule = schedule } else {
                problems.append(top.problem("retry", zh: "应为如 5s,5m,30m,2h 的间隔列表", en: "must be waits like 5s,5m,30m,2h"))
            }
        }
        if let node = top.node("sms") { providers.sms = sms(node, file: file, environment: environment, problems: &problems) }
        if let node = top.node("email") { providers.email = email(node, file: file, environment: environment, problems: &problems) }
        guard problems.isEmpty else { throw Failure(problems: problems) }
        return providers
    }

    static func sms(_ node: Node, file: String, environment: [String: String], problems: inout [CatalogProblem]) -> SMSProvider? {
        guard let fields = YAMLFieldReader(node, file: file, what: "sms", allowed: [
            "provider", "url", "sign_name", "key_id", "secret", "app_id", "region", "templates", "max_variable_length",
        ], problems: &problems) else { return nil }
        let kind = fields.value("provider", SMSProvider.Kind.self, required: true, problems: &problems)
        let url = fields.string("url", problems: &problems) ?? kind.flatMap(SMSProvider.defaultURL)
        if kind == .gateway && !fields.has("url") {
            problems.append(CatalogProblem(file: file, line: fields.line, message: "sms 缺少字段“url” (a gateway needs its url)"))
        }
        if let url, let scheme = URLComponents(string: url)?.scheme, !["http", "https"].contains(scheme) {
            problems.append(fields.problem("url", zh: "应为 http(s) 地址", en: "must be an http(s) URL"))
        }
        let signName = fields.string("sign_name", required: true, problems: &problems)
        let keyID = kind == .gateway ? "" : credential(fields, "key_id", environment: environment, problems: &problems)
        let secret = credential(fields, "secret", environment: environment, problems: &problems)
        if kind == .gateway, let secret, !secret.hasPrefix("whsec_") {
            problems.append(fields.problem("secret", zh: "网关的签名密钥应以 whsec_ 开头", en: "a gateway's signing secret is written whsec_…"))
        }
        let appID = fields.string("app_id", required: kind == .tencent, problems: &problems)
        let maxLength = fields.int("max_variable_length", problems: &problems) ?? 35
        var templates: [NoticeEvent: SMSProvider.Template] = [:]
        if let node = fields.node("templates") {
            let allowed = NoticeEvent.allCases.map(\.rawValue)
            if let events = YAMLFieldReader(node, file: file, what: "templates", allowed: allowed, problems: &problems) {
                for event in NoticeEvent.allCases {
                    guard let node = events.node(event.rawValue) else { continue }
                    if let template = template(node, event: event, file: file, problems: &problems) { templates[event] = template }
                }
            }
        } else if kind != .gateway {
            problems.append(CatalogProblem(file: file, line: fields.line, message: "sms 缺少字段“templates” (templates are required for \(kind?.rawValue ?? "a provider"))"))
        }
        guard let kind, let url, let signName, let keyID, let secret else { return nil }
        return SMSProvider(kind: kind, url: url, keyID: keyID, secret: secret, signName: signName, appID: appID,
                           region: fields.string("region", problems: &problems), templates: templates, maxVariableLength: max(maxLength, 8))
    }

    /// `{code: SMS_1001, params: {name: variable, …}}`, or `params: [variable, …]` for positional templates (Tencent).
    static func template(_ node: Node, event: NoticeEvent, file: String, problems: inout [CatalogProblem]) -> SMSProvider.Template? {
        guard let fields = YAMLFieldReader(node, file: file, what: "templates.\(event.rawValue)", allowed: ["code", "params"], problems: &problems),
            let code = fields.string("code", required: true, problems: &problems)
        else { return nil }
        var parameters: [(name: String, value: String)] = []
        func check(_ value: String, line: Int) {
            if !NoticeFacts.variableNames.contains(value) {
                problems.append(CatalogProblem(file: file, line: line, message: "变量“\(value)”不存在，可用：\(NoticeFacts.variableNames.joined(separator: ", ")) "
                    + "(no onestop value \"\(value)\"; choose from \(NoticeFacts.variableNames.joined(separator: ", ")))"))
            }
        }
        switch fields.node("params") {
        case .mapping(let mapping)?:
            for (key, value) in mapping {
                guard let name = key.scalar?.string, let variable = value.scalar?.string else {
                    problems.append(fields.problem("params", zh: "每项应为 模板变量: onestop 变量", en: "each entry must be template_variable: onestop_value"))
                    continue
                }
                check(variable, line: value.mark?.line ?? fields.line)
                parameters.append((name, variable))
            }
        case .sequence(let sequence)?:
            for (index, value) in sequence.enumerated() {
                guard let variable = value.scalar?.string else {
                    problems.append(fields.problem("params", zh: "列表项应为文本", en: "list items must be text"))
                    continue
                }
                check(variable, line: value.mark?.line ?? fields.line)
                parameters.append((String(index + 1), variable))
            }
        case nil:
            break
        default:
            problems.append(fields.problem("params", zh: "应为映射或列表", en: "must be a mapping or a list"))
        }
        return SMSProvider.Template(code: code, parameters: parameters)
    }

    static func email(_ node: Node, file: String, environment: [String: String], problems: inout [CatalogProblem]) -> SMTPProvider? {
        guard let fields = YAMLFieldReader(node, file: file, what: "email", allowed: ["url", "from", "from_name", "username", "password", "starttls"],
                                           problems: &problems) else { return nil }
        let url = fields.string("url", required: true, problems: &problems)
        let components = url.flatMap(URLComponents.init(string:))
        if url != nil, !["smtp", "smtps"].contains(components?.scheme ?? "") || components?.host == nil {
            problems.append(fields.problem("url", zh: "应为 smtp:// 或 smtps:// 地址", en: "must be an smtp:// or smtps:// URL"))
        }
        let from = fields.string("from", required: true, problems: &problems)
        if let from, !EmailAddress.isPlausible(from) { problems.append(fields.problem("from", zh: "不是有效的邮箱地址", en: "is not an email address")) }
        let username = fields.has("username") ? credential(fields, "username", environment: environment, problems: &problems) : nil
        let password = fields.has("password") ? credential(fields, "password", environment: environment, problems: &problems) : nil
        var requireTLS = true
        switch fields.string("starttls", problems: &problems) {
        case nil, "required": break
        case "none":
            // In the clear only to a server on this machine (a local relay), never across a network.
            let host = components?.host ?? ""
            if ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host) || components?.scheme == "smtps" {
                requireTLS = false
            } else {
                problems.append(fields.problem("starttls", zh: "只有本机的邮件服务器可以不加密", en: "only a mail server on this machine may be spoken to in the clear"))
            }
        case let other?:
            problems.append(fields.problem("starttls", zh: "取值“\(other)”无效，可选：required, none", en: "\"\(other)\" is not one of required, none"))
        }
        guard let url, let from else { return nil }
        return SMTPProvider(url: url, from: from, fromName: fields.string("from_name", problems: &problems) ?? "onestop", username: username,
                            password: password, requireTLS: requireTLS)
    }

    /// A credential named by `{env: NAME}` or `{file: PATH}`; a value written in the file itself is refused.
    static func credential(_ fields: YAMLFieldReader, _ key: String, environment: [String: String], problems: inout [CatalogProblem]) -> String? {
        guard let node = fields.node(key) else {
            problems.append(CatalogProblem(file: fields.file, line: fields.line, message: "\(fields.what) 缺少字段“\(key)” (\(fields.what) is missing \"\(key)\")"))
            return nil
        }
        var ignored: [CatalogProblem] = []
        guard case .mapping = node, let source = YAMLFieldReader(node, file: fields.file, what: key, allowed: ["env", "file"], problems: &ignored) else {
            problems.append(fields.problem(key, zh: "凭据不能写在文件里，请写 {env: 变量名} 或 {file: 路径}",
                                           en: "credentials are never written in this file: give {env: NAME} or {file: PATH}"))
            return nil
        }
        problems += ignored
        if let name = source.string("env", problems: &problems) {
            guard let value = environment[name], !value.isEmpty else {
                problems.append(fields.problem(key, zh: "环境变量 \(name) 未设置", en: "the environment variable \(name) is not set"))
                return nil
            }
            return value
        }
        if let path = source.string("file", problems: &problems) {
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append(fields.problem(key, zh: "无法读取文件 \(path)", en: "cannot read \(path)"))
                return nil
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else {
                problems.append(fields.problem(key, zh: "文件 \(path) 为空", en: "\(path) is empty"))
                return nil
            }
            return value
        }
        problems.append(fields.problem(key, zh: "请写 {env: 变量名} 或 {file: 路径}", en: "give {env: NAME} or {file: PATH}"))
        return nil
    }
}
