import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// What every HTML page shares: the language and its words, the site's name from the catalog's top
/// region, the link to the same page in the other language, and the templates.
struct PageShell: Sendable {
    let renderer: PageRenderer
    let reference: ReferenceDataCache

    init(renderer: PageRenderer) {
        self.renderer = renderer
        reference = ReferenceDataCache(renderer: renderer)
    }

    /// The page's language, the catalog's regions and categories, and the frame every page starts from.
    func base(_ request: Request, store: some CatalogStore, title: (PageLanguage) -> String) async throws
        -> (PageLanguage, ReferenceDataCache.Data, PageFrame)
    {
        let language = PageLanguage(QueryString(request)["lang"])
        let data = try await reference.data(from: store)
        let site = data.regions.first(where: { $0.parent == nil }).map { city in
            language == .en ? "\(city.nameEn ?? city.name) One-Stop Quality Services" : "\(city.name)一站式质量服务"
        }
        var other = URLComponents()
        other.path = request.uri.path
        // The same page in the other language (a tracking page keeps its token: the link goes nowhere else).
        var items = QueryString(request).filter { $0.name != "lang" }.map { URLQueryItem(name: $0.name, value: $0.value) }
        if language.other == .en { items.append(URLQueryItem(name: "lang", value: "en")) }
        other.queryItems = items.isEmpty ? nil : items.sorted { $0.name < $1.name }
        let frame = PageFrame(language: language, words: PageWords(language, site: site), title: title(language),
                              switchLanguageURL: other.string ?? "/")
        return (language, data, frame)
    }

    /// The HTML 404 page, the same for every kind of thing not found.
    func notFound(_ request: Request, store: some CatalogStore) async throws -> Response {
        let (language, _, base) = try await base(request, store: store) { $0 == .en ? "Not found" : "未找到" }
        var frame = base
        // Nothing of the address asked for comes back, so an unknown id and a wrong token answer alike.
        frame.switchLanguageURL = language.other == .en ? "/?lang=en" : "/"
        return renderer.page(NotFoundPage(frame: frame), status: .notFound)
    }
}
