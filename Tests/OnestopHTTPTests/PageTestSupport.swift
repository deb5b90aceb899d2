import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import OnestopStore
import Testing

/// An HTML form body, `application/x-www-form-urlencoded`.
func form(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let encoded = fields.map { name, value in
        "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }
    return ByteBuffer(string: encoded.joined(separator: "&"))
}

let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"]

/// The value of the first `name="…" value="…"` hidden input in a page.
func hiddenValue(_ name: String, in html: String) -> String? {
    guard let range = html.range(of: #"name="\#(name)" value=""#) else { return nil }
    return String(html[range.upperBound...].prefix { $0 != "\"" })
}

/// The cookies a response sets, by name, with their attributes as sent.
func setCookies(_ response: TestResponse) -> [String: String] {
    var cookies: [String: String] = [:]
    for header in response.headers[values: .setCookie] {
        let name = String(header.prefix { $0 != "=" })
        cookies[name] = header
    }
    return cookies
}

/// A cookie's value from its `Set-Cookie` header.
func cookieValue(_ header: String?) -> String? {
    guard let header, let equals = header.firstIndex(of: "=") else { return nil }
    return String(header[header.index(after: equals)...].prefix { $0 != ";" })
}

/// A browser signed in to the console: its session cookie, and the CSRF token its pages carry.
struct ConsoleBrowser {
    var client: any TestClientProtocol
    var session: String
    var csrf: String

    var headers: HTTPFields { [.cookie: "onestop_session=\(session)", .accept: "text/html"] }
    var formHeaders: HTTPFields { [.cookie: "onestop_session=\(session)", .accept: "text/html", .contentType: "application/x-www-form-urlencoded"] }

    /// Signs in with `key` through the sign-in form, as a browser would.
    static func signIn(_ client: any TestClientProtocol, key: String) async throws -> ConsoleBrowser {
        let (signIn, signInCookie) = try await client.execute(uri: "/console/sign-in", method: .get) { response in
            (String(buffer: response.body), cookieValue(setCookies(response)["onestop_signin"]))
        }
        let csrf = try #require(hiddenValue("csrf", in: signIn))
        let cookie = try #require(signInCookie)
        let session = try await client.execute(
            uri: "/console/sign-in", method: .post,
            headers: [.cookie: "onestop_signin=\(cookie)", .contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
            body: form([("csrf", csrf), ("key", key), ("next", "/console")])
        ) { response in
            #expect(response.status == .seeOther)
            return cookieValue(setCookies(response)["onestop_session"])
        }
        let token = try #require(session)
        let page = try await client.execute(uri: "/console", method: .get, headers: [.cookie: "onestop_session=\(token)"]) { String(buffer: $0.body) }
        return ConsoleBrowser(client: client, session: token, csrf: try #require(hiddenValue("csrf", in: page)))
    }

    func get(_ uri: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    /// Posts a console form with the session's CSRF token (unless `csrf` overrides it).
    func post(_ uri: String, _ fields: [(String, String)] = [], csrf: String? = nil) async throws -> (HTTPResponse.Status, String, String?) {
        try await client.execute(uri: uri, method: .post, headers: formHeaders, body: form([("csrf", csrf ?? self.csrf)] + fields)) { response in
            (response.status, String(buffer: response.body), response.headers[.location])
        }
    }
}
