import Foundation
import Hummingbird
import OnestopDomain

/// One page of a list.
struct PageView<Item: Encodable & Sendable>: ResponseEncodable {
    var items: [Item]
    var total: Int
    var page: Int
    var perPage: Int

    init<Source: Sendable>(_ page: Page<Source>, _ transform: (Source) -> Item) {
        self.items = page.items.map(transform)
        self.total = page.total
        self.page = page.page
        self.perPage = page.perPage
    }

    enum CodingKeys: String, CodingKey {
        case items, total, page, perPage = "per_page"
    }
}
