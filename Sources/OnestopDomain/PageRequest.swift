/// Which page of a list to read: 1-based, at most `maxPerPage` items.
public struct PageRequest: Sendable, Equatable {
    public static let defaultPerPage = 20
    public static let maxPerPage = 100

    public var page: Int
    public var perPage: Int

    public init(page: Int = 1, perPage: Int = PageRequest.defaultPerPage) {
        self.page = page
        self.perPage = perPage
    }

    public var offset: Int { (page - 1) * perPage }
}
