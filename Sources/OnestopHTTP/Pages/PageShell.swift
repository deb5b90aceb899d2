import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// What every HTML page shares: the language and its words, the site's name from the catalog's top
/// region, the link to the same page in the other language, and the templates.
struct PageShell: Sendable {
    let renderer: PageRenderer
    let reference = ReferenceDataCache()

    /// The page's language, the catalog's regions and categories, and the context every template starts from.
    func base(_ request: Request, store: some CatalogStore, title: (PageLanguage) -> String) async throws
        -> (PageLanguage, ReferenceDataCache.Data, [String: Any])
    {
        let language = PageLanguage(QueryString(request)["lang"])
        let data = try await reference.data(from: store)
        var text = language.text
        if let city = data.regions.first(where: { $0.parent == nil }) {
            text["site"] = language == .en ? "\(city.nameEn ?? city.name) One-Stop Quality Services" : "\(city.name)一站式质量服务"
        }
        var other = URLComponents()
        other.path = request.uri.path
        // The same page in the other language (a tracking page keeps its token: the link goes nowhere else).
        var items = QueryString(request).filter { $0.name != "lang" }.map { URLQueryItem(name: $0.name, value: $0.value) }
        if language.other == .en { items.append(URLQueryItem(name: "lang", value: "en")) }
        other.queryItems = items.isEmpty ? nil : items.sorted { $0.name < $1.name }
        let context: [String: Any] = [
            "lang": language.tag, "otherLang": language.other.tag, "text": text, "title": title(language), "langQuery": language.query,
            "switchLanguageURL": other.string ?? "/", "english": language == .en,
        ]
        return (language, data, context)
    }

    /// The HTML 404 page, the same for every kind of thing not found.
    func notFound(_ request: Request, store: some CatalogStore) async throws -> Response {
        let (language, _, base) = try await base(request, store: store) { $0 == .en ? "Not found" : "未找到" }
        var page = base
        // Nothing of the address asked for comes back, so an unknown id and a wrong token answer alike.
        page["switchLanguageURL"] = language.other == .en ? "/?lang=en" : "/"
        return renderer.page(.notFound, page, status: .notFound)
    }
}
