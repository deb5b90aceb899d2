import Foundation
import OnestopDomain

package struct CategoryRecord: Codable, TableRow {
    /// The table the record is a row of.
    package static let table = "category"
    package var code: String
    package var parent: String?
    package var name: String
    package var nameEn: String
    package var description: String?
    package var position: Int

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case code, parent, name, nameEn = "name_en", description, position
    }

    package init(_ category: Category, position: Int, previous: CategoryRecord?, changed: Bool, now: Date) {
        code = category.code
        parent = category.parent
        name = category.name
        nameEn = category.nameEn
        description = category.description
        self.position = position
    }

    package var value: Category {
        Category(code: code, parent: parent, name: name, nameEn: nameEn, description: description)
    }
}

extension CategoryRecord: CatalogEntryRecord {
    package static let entity = AuditEntry.Entity.category
    package static func key(of value: Category) -> String { value.code }
}
