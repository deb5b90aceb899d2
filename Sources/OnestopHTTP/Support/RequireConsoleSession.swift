import Crypto
import Foundation
import OnestopDomain
import Hummingbird
import OnestopStore

/// Lets a console page through only with an open session; a browser without one is sent to sign in
/// and brought back afterwards.
struct RequireConsoleSession<Store: SessionStore>: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: Store
    let tokens: TrackingTokens

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = ConsoleAccess.value(of: ConsoleAccess.sessionCookie, request, context: context),
            let session = try await store.session(token: token, now: Date())
        else {
            var target = URLComponents()
            target.path = "/console/sign-in"
            var items: [URLQueryItem] = []
            if request.method == .get { items.append(URLQueryItem(name: "next", value: request.uri.description)) }
            if QueryString(request)["lang"] == "en" { items.append(URLQueryItem(name: "lang", value: "en")) }
            target.queryItems = items.isEmpty ? nil : items
            return Response(status: .seeOther, headers: [.location: target.string ?? "/console/sign-in", .cacheControl: "no-store"])
        }
        var context = context
        context.key = session.key
        context.csrf = ConsoleAccess.csrf(for: token, tokens: tokens)
        context.logger[metadataKey: "key"] = "\(session.key.id)"
        var response = try await next(request, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
