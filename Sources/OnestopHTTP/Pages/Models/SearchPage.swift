import Mustache
import OnestopDomain
import OnestopStore

/// The home page and search results: the search form with its filters kept, and either the categories to
/// browse or a page of results.
struct SearchPage: PageModel {
    static let template = PageTemplate.search

    /// A page of results for a search; nil on the home page.
    struct Results {
        var items: [ServiceSummary]
        var heading: String
        var links: PageLinks
    }

    /// A top category to browse.
    struct Tile: MustacheParent {
        var url: String
        var name: String
        var description: String

        func child(named name: String) -> Any? {
            switch name {
            case "url": url
            case "name": self.name
            case "description": description
            default: nil
            }
        }
    }

    var frame: PageFrame
    var query: String
    /// The filters' `<option>`s.
    var categoryOptions: String
    var regionOptions: String
    var modeOptions: String
    var feeOptions: [SelectOption]
    /// The top categories, as tiles to browse, on the home page.
    var tiles: [Tile] = []
    var results: Results?

    init(frame: PageFrame, data: ReferenceDataCache.Data, query: String?, category: String?, region: String?, mode: ServiceMode?,
         fee: Fee.Filter?, results: Results?) {
        let language = frame.language
        self.frame = frame
        self.query = query ?? ""
        categoryOptions = data.fragments.html(.categories, language, selected: category)
        regionOptions = data.fragments.html(.counties, language, selected: region)
        modeOptions = data.fragments.html(.modes(ServiceMode.allCases), language, selected: mode?.rawValue)
        feeOptions = [
            SelectOption(value: Fee.Filter.free.rawValue, label: language.pick("免费", "Free"), selected: fee == .free),
            SelectOption(value: Fee.Filter.charged.rawValue, label: language.pick("收费", "Charged"), selected: fee == .charged),
        ]
        self.results = results
        guard results == nil else { return }
        tiles = data.categories.filter { $0.parent == nil }.map { entry in
            Tile(url: language.link("/", [("category", entry.code)]), name: language.pick(entry.name, entry.nameEn), description: entry.description ?? "")
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "query": query
        case "categoryOptions": categoryOptions
        case "regionOptions": regionOptions
        case "modeOptions": modeOptions
        case "feeOptions": feeOptions
        case "tiles": tiles
        case "searched": results != nil
        case "results": (results?.items).orMissing
        case "resultsHeading": (results?.heading).orMissing
        case "paging": (results?.links).orMissing
        default: frame.child(named: name)
        }
    }
}
