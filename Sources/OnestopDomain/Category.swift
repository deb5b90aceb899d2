

/// A node of the service category tree (计量, 标准, 认证认可, 检验检测 and the extended categories).
///
/// Codes are stable lowercase identifiers; a subcategory names its parent.
public struct Category: Codable, Sendable, Equatable, Hashable {
    public var code: String
    public var parent: String?
    public var name: String
    public var nameEn: String
    public var description: String?

    public init(code: String, parent: String? = nil, name: String, nameEn: String, description: String? = nil) {
        self.code = code
        self.parent = parent
        self.name = name
        self.nameEn = nameEn
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case code, parent, name, nameEn = "name_en", description
    }

    /// Lowercase letters, digits, `-` and `.`; starts with a letter; at most 40 characters.
    public static func isWellFormedCode(_ code: String) -> Bool {
        guard let first = code.first, first.isASCII, first.isLowercase, code.count <= 40 else { return false }
        return code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }
    }
}
