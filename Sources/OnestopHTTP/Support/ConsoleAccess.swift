import Crypto
import Foundation
import OnestopDomain
import Hummingbird
import OnestopStore

/// The console's cookies and CSRF tokens. The session cookie is HttpOnly, SameSite=Lax, scoped to
/// `/console` (on https `Secure`, `__Host-` and `/`), and expires with the session.
///
/// Lax, not Strict: a station clerk opens a request from the link in a group-chat message, and in the web
/// versions of WeCom, DingTalk and Feishu that is a cross-site navigation, which a Strict cookie would not
/// follow (sign-in again every time). Lax still keeps the cookie off cross-site POSTs, and every form also
/// needs its CSRF token; no console GET changes anything.
enum ConsoleAccess {
    static let sessionCookie = "onestop_session"
    /// A random value set when the sign-in form is shown, so that only that form can sign in.
    static let signInCookie = "onestop_signin"
    /// How long a console session lasts from sign-in.
    static let lifetime: TimeInterval = 8 * 3600

    /// The CSRF token of a session (or of a sign-in form): a MAC under the server's secret of the cookie's
    /// value, which no page shows and no script can read. Another site can neither read it nor make it, even
    /// one able to plant a cookie of its own choosing (a sibling subdomain), since it lacks the server's secret.
    static func csrf(for secret: String, tokens: TrackingTokens) -> String {
        tokens.mac("onestop-csrf", secret)
    }

    /// Whether `given` is `expected`, compared in constant time.
    static func matches(_ given: String?, _ expected: String) -> Bool {
        given.map { ConstantTime.equal($0, expected) } ?? false
    }

    /// A console cookie. Over https it is `Secure` and named with the `__Host-` prefix (which browsers
    /// take only with `Secure`, `Path=/` and no `Domain`), so that no sibling subdomain can set or shadow it.
    static func cookie(_ name: String, value: String, maxAge: Int, context: AppRequestContext) -> Cookie {
        context.overHTTPS
            ? Cookie(name: "__Host-" + name, value: value, maxAge: maxAge, path: "/", secure: true, httpOnly: true, sameSite: .lax)
            : Cookie(name: name, value: value, maxAge: maxAge, path: "/console", secure: false, httpOnly: true, sameSite: .lax)
    }

    /// A console cookie's value as this request carries it, under the name `cookie(_:…)` gave it.
    static func value(of name: String, _ request: Request, context: AppRequestContext) -> String? {
        request.cookies[context.overHTTPS ? "__Host-" + name : name]?.value
    }

    /// A local console path to go back to after signing in; anything else becomes `/console`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/console"), !next.hasPrefix("//"), !next.contains("\\"), next.count < 500,
            !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/console" }
        return next
    }
}
