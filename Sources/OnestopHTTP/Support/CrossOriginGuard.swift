import HTTPTypes
import Hummingbird

/// Refuses a page's form posted from another web site (cross-site request forgery): every POST outside
/// the JSON API must come from one of onestop's own pages. Browsers say where a request came from in
/// `Sec-Fetch-Site` (every current one) or `Origin` (older ones); a request with neither is not a
/// browser's cross-site post and passes, so that `curl` and tests keep working. The API is unaffected:
/// it takes JSON only, which no other site's page can send without the browser asking first.
struct CrossOriginGuard: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The origin of `--public-url` (`https://onestop.example.cn`), for a proxy that rewrites `Host`.
    let publicOrigin: String?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .get, request.method != .head, request.method != .options, !request.uri.path.hasPrefix("/api/"),
            !isSameOrigin(request)
        {
            context.logger.notice("cross-site form refused", metadata: ["path": "\(request.uri.path)"])
            throw APIError.crossSiteForm
        }
        return try await next(request, context)
    }

    func isSameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[.secFetchSite]?.lowercased() {
            return site == "same-origin" || site == "none"
        }
        guard let origin = request.headers[.origin]?.lowercased() else { return true }
        if let publicOrigin, origin == publicOrigin { return true }
        guard let authority = request.head.authority?.lowercased(),
            let separator = origin.range(of: "://")
        else { return false }
        return origin[separator.upperBound...] == authority
    }

    /// `scheme://host[:port]` of a URL, lowercased, as a browser writes it in `Origin`.
    static func origin(of url: String) -> String? {
        guard let separator = url.range(of: "://") else { return nil }
        let rest = url[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty else { return nil }
        return (url[..<separator.upperBound] + authority).lowercased()
    }
}
