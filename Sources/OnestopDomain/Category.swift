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

/// A category with its children, as the API presents the tree.
public struct CategoryNode: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    public var nameEn: String
    public var description: String?
    public var children: [CategoryNode]

    enum CodingKeys: String, CodingKey {
        case code, name, nameEn = "name_en", description, children
    }

    /// Builds the forest from a flat list, keeping the list's order among siblings.
    public static func tree(_ categories: [Category]) -> [CategoryNode] {
        var childrenOf: [String: [Category]] = [:]
        var roots: [Category] = []
        let known = Set(categories.map(\.code))
        for category in categories {
            if let parent = category.parent, known.contains(parent) {
                childrenOf[parent, default: []].append(category)
            } else {
                roots.append(category)
            }
        }
        func build(_ category: Category, depth: Int) -> CategoryNode {
            let children = depth > 16 ? [] : (childrenOf[category.code] ?? []).map { build($0, depth: depth + 1) }
            return CategoryNode(
                code: category.code, name: category.name, nameEn: category.nameEn,
                description: category.description, children: children
            )
        }
        return roots.map { build($0, depth: 0) }
    }
}
