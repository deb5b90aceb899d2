import OnestopDomain
import Yams

/// Reads typed fields out of one YAML mapping, reporting every problem with its line and recording
/// where each field was found.
struct YAMLFieldReader {
    let file: String
    let what: String
    let line: Int
    private let fields: [String: Node]
    private let lines: [String: Int]

    /// Reads `node` as a mapping whose keys must all be in `allowed`; reports unknown and repeated keys.
    init?(_ node: Node, file: String, what: String, allowed: [String], problems: inout [CatalogProblem]) {
        self.file = file
        self.what = what
        self.line = node.mark?.line ?? 0
        guard case .mapping(let mapping) = node else {
            problems.append(CatalogProblem(file: file, line: line, message: "\(what) 应为键值映射 (\(what) must be a mapping of fields)"))
            return nil
        }
        var fields: [String: Node] = [:]
        var lines: [String: Int] = [:]
        for (keyNode, value) in mapping {
            let keyLine = keyNode.mark?.line ?? line
            guard let key = keyNode.scalar?.string else {
                problems.append(CatalogProblem(file: file, line: keyLine, message: "字段名应为文本 (field names must be text)"))
                continue
            }
            if !allowed.contains(key) {
                problems.append(CatalogProblem(file: file, line: keyLine,
                    message: "\(what) 中有未知字段“\(key)” (unknown field \"\(key)\" in \(what); allowed: \(allowed.joined(separator: ", ")))"))
                continue
            }
            if fields[key] != nil {
                problems.append(CatalogProblem(file: file, line: keyLine, message: "字段“\(key)”重复 (field \"\(key)\" appears twice)"))
                continue
            }
            fields[key] = value
            lines[key] = keyLine
        }
        self.fields = fields
        self.lines = lines
    }

    var fieldLines: [String: Int] { lines }

    func has(_ key: String) -> Bool { fields[key] != nil }

    func node(_ key: String) -> Node? { fields[key] }

    func line(of key: String) -> Int { lines[key] ?? line }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func problem(_ key: String, zh: String, en: String) -> CatalogProblem {
        CatalogProblem(file: file, line: line(of: key), message: "\(key)：\(zh) (\(key): \(en))")
    }

    /// A text field; a missing required field is reported at the mapping's line.
    func string(_ key: String, required: Bool = false, problems: inout [CatalogProblem]) -> String? {
        guard let node = fields[key], !isNull(node) else {
            if required {
                problems.append(CatalogProblem(file: file, line: line, message: "\(what) 缺少字段“\(key)” (\(what) is missing \"\(key)\")"))
            }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            problems.append(problem(key, zh: "应为文本", en: "must be text"))
            return nil
        }
        return scalar.string
    }

    func int(_ key: String, required: Bool = false, problems: inout [CatalogProblem]) -> Int? {
        guard let text = string(key, required: required, problems: &problems) else { return nil }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            problems.append(problem(key, zh: "应为整数，实为“\(text)”", en: "must be a whole number, not \"\(text)\""))
            return nil
        }
        return value
    }

    func double(_ key: String, required: Bool = false, problems: inout [CatalogProblem]) -> Double? {
        guard let text = string(key, required: required, problems: &problems) else { return nil }
        guard let value = Double(text) else {
            problems.append(problem(key, zh: "应为数字，实为“\(text)”", en: "must be a number, not \"\(text)\""))
            return nil
        }
        return value
    }

    func bool(_ key: String, problems: inout [CatalogProblem]) -> Bool? {
        guard let text = string(key, problems: &problems) else { return nil }
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            problems.append(problem(key, zh: "应为 true 或 false", en: "must be true or false"))
            return nil
        }
    }

    /// An enumerated value, reported with the values it may take.
    func value<T: RawRepresentable & CaseIterable>(
        _ key: String, _ type: T.Type, required: Bool = false, problems: inout [CatalogProblem]
    ) -> T? where T.RawValue == String {
        guard let text = string(key, required: required, problems: &problems) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            problems.append(problem(key, zh: "取值“\(text)”无效，可选：\(allowed)", en: "\"\(text)\" is not one of \(allowed)"))
            return nil
        }
        return value
    }

    /// A sequence field's items, each with its line; a lone scalar is read as a one-item list.
    func items(_ key: String, problems: inout [CatalogProblem]) -> [Node] {
        guard let node = fields[key], !isNull(node) else { return [] }
        switch node {
        case .sequence(let sequence): return Array(sequence)
        case .scalar: return [node]
        default:
            problems.append(problem(key, zh: "应为列表", en: "must be a list"))
            return []
        }
    }

    func strings(_ key: String, problems: inout [CatalogProblem]) -> [String] {
        items(key, problems: &problems).compactMap { item in
            guard case .scalar(let scalar) = item else {
                problems.append(CatalogProblem(file: file, line: item.mark?.line ?? line(of: key),
                    message: "\(key)：列表项应为文本 (\(key): list items must be text)"))
                return nil
            }
            return scalar.string
        }
    }

    func modes(_ key: String, problems: inout [CatalogProblem]) -> [ServiceMode] {
        strings(key, problems: &problems).compactMap { text in
            guard let mode = ServiceMode(rawValue: text) else {
                let allowed = ServiceMode.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(problem(key, zh: "服务方式“\(text)”无效，可选：\(allowed)", en: "unknown mode \"\(text)\" (allowed: \(allowed))"))
                return nil
            }
            return mode
        }
    }
}
