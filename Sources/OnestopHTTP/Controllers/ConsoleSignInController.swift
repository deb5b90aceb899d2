import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// Signing in to the console with a station or staff key, exchanged for a session cookie, and signing out.
struct ConsoleSignInController<Store: CatalogStore & KeyStore & SessionStore> {
    let store: Store
    let shell: PageShell
    let tokens: TrackingTokens
    /// Sign-in attempts allowed per client address, so keys cannot be guessed through the form.
    let limiter = RateLimiter(perMinute: 10)

    /// The routes anyone may reach.
    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get("sign-in", use: form)
        routes.post("sign-in", use: signIn)
        return routes
    }

    /// The routes that need a session.
    var sessionEndpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post("sign-out", use: signOut)
        return routes
    }

    @Sendable func form(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let token = ConsoleAccess.value(of: ConsoleAccess.sessionCookie, request, context: context), try await store.session(token: token, now: Date()) != nil {
            return Response(status: .seeOther, headers: [.location: ConsoleAccess.safeNext(QueryString(request)["next"])])
        }
        let next = QueryString(request)["next"]
        return try await render(request, context: context, next: next, error: nil, status: .ok)
    }

    func render(_ request: Request, context: AppRequestContext, next: String?, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let (_, _, frame) = try await shell.base(request, store: store) { $0.say("控制台登录", "Console sign-in") }
        // A fresh value each time the form is shown; only a post carrying its CSRF token signs in.
        let secret = TrackingTokens.randomNonce()
        var page = SignInPage(frame: frame, next: ConsoleAccess.safeNext(next), error: error)
        page.frame.csrf = ConsoleAccess.csrf(for: secret, tokens: tokens)
        var response = shell.renderer.page(page, status: status)
        response.setCookie(ConsoleAccess.cookie(ConsoleAccess.signInCookie, value: secret, maxAge: 3600, context: context))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await FormBody.read(request, context: context)
        let language = PageLanguage(form["lang"])
        guard let secret = ConsoleAccess.value(of: ConsoleAccess.signInCookie, request, context: context),
            ConsoleAccess.matches(form["csrf"], ConsoleAccess.csrf(for: secret, tokens: tokens))
        else { throw APIError.staleForm }
        if let wait = limiter.take(for: context.rateLimitKey) {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        guard let token = form.text("key") else {
            return try await render(request, context: context, next: form["next"], error: language.say("请输入访问密钥", "Enter your access key"), status: .unprocessableContent)
        }
        guard let key = try await store.authenticate(token: token) else {
            return try await render(request, context: context, next: form["next"], error: language.say(
                "密钥无效或已停用，请核对后重试，或联系平台重新发放", "That key is not valid or has been revoked; check it, or ask the platform for a new one"),
                status: .unprocessableContent)
        }
        let now = Date()
        let session = try await store.openSession(keyID: key.id, now: now, expiresAt: now.addingTimeInterval(ConsoleAccess.lifetime))
        context.logger.info("console sign-in", metadata: ["key": "\(key.id)"])
        var next = ConsoleAccess.safeNext(form["next"])
        if language == .en, !next.contains("lang=en") { next += next.contains("?") ? "&lang=en" : "?lang=en" }
        var response = Response(status: .seeOther, headers: [.location: next, .cacheControl: "no-store"])
        response.setCookie(ConsoleAccess.cookie(ConsoleAccess.sessionCookie, value: session, maxAge: Int(ConsoleAccess.lifetime), context: context))
        response.setCookie(ConsoleAccess.cookie(ConsoleAccess.signInCookie, value: "", maxAge: 0, context: context))
        return response
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await ConsoleForm.read(request, context: context)
        if let token = ConsoleAccess.value(of: ConsoleAccess.sessionCookie, request, context: context) {
            try await store.closeSession(token: token)
        }
        var response = Response(status: .seeOther, headers: [.location: PageLanguage(form["lang"]).link("/console/sign-in"), .cacheControl: "no-store"])
        response.setCookie(ConsoleAccess.cookie(ConsoleAccess.sessionCookie, value: "", maxAge: 0, context: context))
        return response
    }
}
