import Foundation
import Hummingbird
import OnestopDomain

/// A whole, unpaged list.
struct ListView<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
    var total: Int

    init(_ items: [Item]) {
        self.items = items
        self.total = items.count
    }
}

extension AuditEntry: ResponseEncodable {}
