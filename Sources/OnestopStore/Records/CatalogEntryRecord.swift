import Foundation
import OnestopDomain

/// A record of the catalog kept in file order, upserted the same way for regions, categories and stations.
package protocol CatalogEntryRecord {
    associatedtype Value: Encodable
    static var entity: AuditEntry.Entity { get }
    static func key(of value: Value) -> String
    var position: Int { get }
    var value: Value { get }
    /// The record for `value`; `previous` is what was stored, `changed` whether any field differs from it.
    init(_ value: Value, position: Int, previous: Self?, changed: Bool, now: Date)
}
