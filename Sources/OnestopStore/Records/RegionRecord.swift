import Foundation
import OnestopDomain

package struct RegionRecord: Codable, TableRow {
    /// The table the record is a row of.
    package static let table = "region"
    package var code: String
    package var name: String
    package var nameEn: String?
    package var kind: String
    package var parent: String?
    package var position: Int

    package enum CodingKeys: String, CodingKey, CaseIterable {
        case code, name, nameEn = "name_en", kind, parent, position
    }

    package init(_ region: Region, position: Int, previous: RegionRecord?, changed: Bool, now: Date) {
        code = region.code
        name = region.name
        nameEn = region.nameEn
        kind = region.kind.rawValue
        parent = region.parent
        self.position = position
    }

    package var value: Region {
        Region(code: code, name: name, nameEn: nameEn, kind: Region.Kind(rawValue: kind) ?? .county, parent: parent)
    }
}

extension RegionRecord: CatalogEntryRecord {
    package static let entity = AuditEntry.Entity.region
    package static func key(of value: Region) -> String { value.code }
}
