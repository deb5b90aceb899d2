/// The whole directory: regions, the category tree, stations and their services, and the working-day calendar.
public struct Catalog: Sendable, Equatable {
    public var regions: [Region]
    public var categories: [Category]
    public var stations: [Station]
    public var services: [Service]
    /// The years of the working-day calendar, in order.
    public var calendar: [CalendarYear]

    public init(regions: [Region] = [], categories: [Category] = [], stations: [Station] = [], services: [Service] = [], calendar: [CalendarYear] = []) {
        self.regions = regions
        self.categories = categories
        self.stations = stations
        self.services = services
        self.calendar = calendar
    }

    /// The codes of `code` and of every category below it.
    public func categoryAndDescendants(_ code: String) -> Set<String> {
        Self.descendants(of: code, parents: categories.map { ($0.code, $0.parent) })
    }

    /// The codes of `code` and of every region below it.
    public func regionAndDescendants(_ code: String) -> Set<String> {
        Self.descendants(of: code, parents: regions.map { ($0.code, $0.parent) })
    }

    static func descendants(of root: String, parents: [(String, String?)]) -> Set<String> {
        var result: Set<String> = [root]
        var changed = true
        while changed {
            changed = false
            for (code, parent) in parents where !result.contains(code) {
                if let parent, result.contains(parent) {
                    result.insert(code)
                    changed = true
                }
            }
        }
        return result
    }
}
