

/// One page of a longer list, with the list's total length.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var page: Int
    public var perPage: Int

    public init(items: [Item], total: Int, page: Int, perPage: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.perPage = perPage
    }
}

extension Page: Equatable where Item: Equatable {}
