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
