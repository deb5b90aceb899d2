import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopHTTP
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing
import Yams

/// Issue 14, item 10: every documented route that takes input, fed what an attacker sends. Every answer
/// is a 4xx (problem+json from the API, the HTML error page to a browser), never a 5xx, no header
/// carries what was injected, and nothing is stored. Routes come from `/openapi.yaml`, so a new one is
/// tried as soon as it is documented.
@Suite struct HostileInputTests {
    /// One documented operation, as the suite needs it.
    struct Operation: CustomStringConvertible, Sendable {
        enum Access: Sendable { case anyone, staff, station, console }
        enum Body: Sendable { case none, json([String: String], required: Bool), form([String]) }
        var method: HTTPRequest.Method
        var path: String
        var access: Access
        var body: Body
        var query: [String]

        var description: String { "\(method.rawValue) \(path)" }
        var isPage: Bool { !path.hasPrefix("/api/") && path != "/metrics" && !path.hasPrefix("/healthz") && !path.hasPrefix("/readyz") }
    }

    static let operations: [Operation] = {
        let document = (try? Yams.load(yaml: String(decoding: OpenAPIDocument.data, as: UTF8.self))) as? [String: Any] ?? [:]
        let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
        func properties(_ schema: [String: Any]?) -> [String: String] {
            var schema = schema ?? [:]
            if let ref = schema["$ref"] as? String { schema = schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any] ?? [:] }
            var found: [String: String] = [:]
            for (name, value) in schema["properties"] as? [String: Any] ?? [:] {
                var property = value as? [String: Any] ?? [:]
                if let ref = property["$ref"] as? String { property = schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any] ?? [:] }
                found[name] = property["type"] as? String ?? "object"
            }
            return found
        }
        var operations: [Operation] = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for (method, value) in item as? [String: Any] ?? [:] {
                guard let operation = value as? [String: Any], let verb = HTTPRequest.Method(method.uppercased()),
                      ["GET", "POST", "PATCH", "PUT", "DELETE"].contains(verb.rawValue) else { continue }
                let security = (operation["security"] as? [[String: Any]])?.first?.keys.first
                let access: Operation.Access = security == "staffKey" ? .staff : security == "stationKey" ? .station
                    : path.hasPrefix("/console") && !path.hasPrefix("/console/sign-in") ? .console : .anyone
                let content = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]) ?? [:]
                let body: Operation.Body
                if let json = content["application/json"] as? [String: Any] {
                    let required = (operation["requestBody"] as? [String: Any])?["required"] as? Bool ?? false
                    body = .json(properties(json["schema"] as? [String: Any]), required: required)
                } else if let form = content["application/x-www-form-urlencoded"] as? [String: Any] {
                    body = .form(Array(properties(form["schema"] as? [String: Any]).keys).sorted())
                } else {
                    body = .none
                }
                let query = (operation["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String }
                operations.append(Operation(method: verb, path: path, access: access, body: body, query: query.sorted()))
            }
        }
        return operations.sorted { $0.description < $1.description }
    }()

    /// Where the suite runs: a shipped catalog, one submitted request and keys for everyone.
    struct World {
        var requestID: String
        var staff: String
        var station: String
        var console: ConsoleBrowser

        func values(_ operation: Operation) -> [String: String] {
            let id = operation.path.contains("/stations/") ? "jinzhai"
                : operation.path.contains("/endpoints/") ? "ep_nonexistent"
                : operation.path.contains("/deliveries/") ? "1" : requestID
            return ["code": "JZ-TEA-001", "id": id, "action": "progress"]
        }

        func uri(_ operation: Operation, path replacing: [String: String] = [:], query: String = "") -> String {
            var path = operation.path
            for (name, value) in values(operation) { path = path.replacingOccurrences(of: "{\(name)}", with: replacing[name] ?? value) }
            return query.isEmpty ? path : "\(path)?\(query)"
        }

        func headers(_ operation: Operation, contentType: String? = nil) -> HTTPFields {
            var fields: HTTPFields = [.accept: operation.isPage ? "text/html" : "application/json"]
            switch operation.access {
            case .anyone: break
            case .staff: fields[.authorization] = "Bearer \(staff)"
            case .station: fields[.authorization] = "Bearer \(station)"
            case .console: fields[.cookie] = "onestop_session=\(console.session)"
            }
            if let contentType { fields[.contentType] = contentType }
            return fields
        }
    }

    /// What the store holds, in counts a stored or half-stored write would change. A page that ignores a
    /// hostile parameter and shows the request has been read, and that read is audited: changes are counted.
    static func fingerprint(_ store: SQLiteStore, _ id: String) async throws -> [Int64] {
        [
            Int64(try await store.serviceRequests(RequestQuery()).total),
            Int64(try await store.timeline(ofRequest: id).count),
            // Reads are audited (a request read in full, a ledger downloaded); only changes count here.
            Int64(try await store.auditEntries(AuditQuery()).total - store.auditEntries(AuditQuery(entity: .request)).total
                  - store.auditEntries(AuditQuery(entity: .ledger)).total),
            try await store.catalogVersion(),
            Int64(try await store.endpoints(station: nil).count),
            Int64(try await store.deliveries(DeliveryQuery()).total),
            Int64(try await store.keys().count),
        ]
    }

    /// One hostile request and what it must get.
    struct Attack: CustomStringConvertible {
        var name: String
        var uri: String
        var headers: HTTPFields
        var body: ByteBuffer?
        /// A page may answer what it cannot use with the page itself (200), as long as nothing is stored.
        var pageMayIgnore = false
        var description: String { name }
    }

    static func attacks(on operation: Operation, in world: World) -> [Attack] {
        let long = String(repeating: "A", count: 10_000)
        let hostileValues: [(String, String)] = [
            ("10,000 characters", long), ("bad UTF-8", "%FF%FE"), ("an escape sequence", "%1B%5B2J"),
            ("a bidi override", "%E2%80%AE"), ("CR LF and a header", "x%0D%0AX-Injected:%20yes"),
        ]
        var attacks: [Attack] = []
        var base: String? {
            switch operation.body {
            case .form: "csrf=\(world.console.csrf)"
            default: nil
            }
        }
        let contentType: String? = switch operation.body {
        case .none: nil
        case .json: "application/json"
        case .form: "application/x-www-form-urlencoded"
        }
        func attack(_ name: String, uri: String? = nil, body: ByteBuffer? = nil, type: String? = contentType, pageMayIgnore: Bool = false) -> Attack {
            Attack(name: "\(operation) with \(name)", uri: uri ?? world.uri(operation), headers: world.headers(operation, contentType: type),
                   body: body ?? base.map { ByteBuffer(string: $0) }, pageMayIgnore: pageMayIgnore)
        }
        for parameter in ["code", "id", "action"] where operation.path.contains("{\(parameter)}") {
            for (label, value) in hostileValues {
                attacks.append(attack("\(label) in {\(parameter)}", uri: world.uri(operation, path: [parameter: value])))
            }
        }
        for parameter in operation.query {
            for (label, value) in hostileValues {
                attacks.append(attack("\(label) in ?\(parameter)", uri: world.uri(operation, query: "\(parameter)=\(value)"),
                                      pageMayIgnore: parameter == "lang" && !label.hasPrefix("10,000") && !label.hasPrefix("bad")))
            }
            attacks.append(attack("?\(parameter) twice", uri: world.uri(operation, query: "\(parameter)=1&\(parameter)=2"), pageMayIgnore: true))
            if ["page", "per_page"].contains(parameter) {
                attacks.append(attack("a huge ?\(parameter)", uri: world.uri(operation, query: "\(parameter)=99999999999999999999999")))
                attacks.append(attack("a negative ?\(parameter)", uri: world.uri(operation, query: "\(parameter)=-1")))
            }
        }
        attacks.append(attack("a 10,000-character query", uri: world.uri(operation, query: "q=" + long + "&" + long + "=1")))
        switch operation.body {
        case .none:
            break
        case .json(let properties, let required):
            attacks.append(attack("a 2 MiB body", body: ByteBuffer(string: "{\"description\":\"" + String(repeating: "茶", count: 700_000) + "\"}")))
            attacks.append(attack("JSON nested 10,000 deep", body: ByteBuffer(string: String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))))
            attacks.append(attack("objects nested 5,000 deep", body: ByteBuffer(string: String(repeating: "{\"a\":", count: 5_000) + "1" + String(repeating: "}", count: 5_000))))
            attacks.append(attack("bad UTF-8 in JSON", body: ByteBuffer(bytes: Array("{\"name\":\"".utf8) + [0xFF, 0xFE, 0xC3] + Array("\"}".utf8))))
            attacks.append(attack("a JSON array", body: ByteBuffer(string: "[]")))
            attacks.append(attack("a JSON string", body: ByteBuffer(string: "\"x\"")))
            if required { attacks.append(attack("no body", body: ByteBuffer())) }
            attacks.append(attack("JSON as text/plain", body: ByteBuffer(string: "{}"), type: "text/plain"))
            attacks.append(attack("a duplicated key", body: ByteBuffer(string: "{\"reason\":\"a\",\"reason\":\"b\",\"x\":\"\\u0000\"}")))
            var wrong: [String: Any] = [:], nul: [String: Any] = [:], control: [String: Any] = [:]
            for (name, type) in properties {
                wrong[name] = type == "string" ? [["nested": true]] : "wrong type"
                if type == "string" { nul[name] = "a\u{0}b"; control[name] = "a\u{1B}[2J\u{202E}\r\nX-Injected: yes" }
            }
            for (label, object) in [("every field of the wrong type", wrong), ("NUL in every string", nul), ("controls in every string", control)] where !object.isEmpty {
                attacks.append(attack(label, body: ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object)) ?? Data())))
            }
        case .form(let fields):
            attacks.append(attack("a 100 KB form", body: ByteBuffer(string: "csrf=\(world.console.csrf)&description=" + String(repeating: "A", count: 100_000))))
            attacks.append(attack("a form that is not percent-encoded UTF-8", body: ByteBuffer(string: "csrf=\(world.console.csrf)&x=%FF%FE")))
            attacks.append(attack("NUL in a form", body: ByteBuffer(string: "csrf=\(world.console.csrf)&x=a%00b")))
            attacks.append(attack("JSON instead of a form", body: ByteBuffer(string: "{}"), type: "application/json"))
            let hostile = fields.filter { $0 != "csrf" }.map { "\($0)=a%1B%5B2J%E2%80%AE%0D%0AX-Injected:%20yes" }.joined(separator: "&")
            if !hostile.isEmpty {
                attacks.append(attack("controls in every field", body: ByteBuffer(string: "csrf=\(world.console.csrf)&" + hostile), pageMayIgnore: true))
            }
        }
        return attacks
    }

    @Test func theDocumentListsTheRoutesTheSuiteNeeds() {
        #expect(Self.operations.count >= 50)
        #expect(Self.operations.contains { $0.description == "POST /api/v1/requests" })
        #expect(Self.operations.contains { $0.description == "POST /requests/new" })
    }

    @Test(arguments: operations)
    func everyHostileInputIsRefusedAndNothingIsStored(_ operation: Operation) async throws {
        let store = try await Fixtures.shippedStore()
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let (_, station) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let requestID = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: PublicSafetyTests.submission()) {
                try #require(json($0)["id"] as? String)
            }
            let world = World(requestID: requestID, staff: staff, station: station, console: try await ConsoleBrowser.signIn(client, key: staff))
            let before = try await Self.fingerprint(store, requestID)
            for attack in Self.attacks(on: operation, in: world) {
                try await client.execute(uri: attack.uri, method: operation.method, headers: attack.headers, body: attack.body) { response in
                    let status = response.status.code
                    let allowed = attack.pageMayIgnore && operation.isPage ? 200..<500 : 400..<500
                    #expect(allowed.contains(status) || (operation.isPage && status == 303 && operation.method == .post && attack.pageMayIgnore),
                            "\(attack): \(status) \(String(buffer: response.body).prefix(300))")
                    if status >= 400 {
                        let type = response.headers[.contentType] ?? ""
                        #expect(operation.isPage ? type.hasPrefix("text/html") : type.hasPrefix("application/problem+json"), "\(attack): \(type)")
                    }
                    for field in response.headers {
                        #expect(!field.name.rawName.lowercased().contains("injected") && !field.value.contains("Injected") && !field.value.contains("\n"),
                                "\(attack): header \(field.name): \(field.value.prefix(200))")
                    }
                }
            }
            #expect(try await Self.fingerprint(store, requestID) == before, "\(operation): something was stored")
        }
    }

    @Test func aPlusInAQueryIsASpaceAsBrowsersMeanIt() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let tea = percentEncoded("茶叶")
            let plus = try await client.execute(uri: "/api/v1/services?q=\(tea)+\(percentEncoded("检测"))", method: .get) { try json($0)["total"] as? Int }
            let space = try await client.execute(uri: "/api/v1/services?q=\(tea)%20\(percentEncoded("检测"))", method: .get) { try json($0)["total"] as? Int }
            #expect(plus != nil && plus == space)
            try await client.execute(uri: "/api/v1/stations?region=+341524", method: .get) { #expect($0.status == .ok, "a leading space is trimmed") }
            let page = try await client.execute(uri: "/?q=\(tea)+\(percentEncoded("检测"))", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("value=\"茶叶 检测\""))
            try await client.execute(uri: "/api/v1/services?q=%E8%8C", method: .get) { response in
                let problem = try expectProblem(response, .badRequest, "invalid_parameter")
                #expect((problem["detail"] as? String)?.contains("UTF-8") == true)
            }
            try await client.execute(uri: "/?q=" + String(repeating: "A", count: 5000), method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .uriTooLong)
                #expect(String(buffer: response.body).contains("地址过长"))
            }
        }
    }

    @Test func aSignInCannotBeSentOnToAnotherSiteOrSplitAHeader() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        try await withRouter(store) { client in
            let (signIn, cookie) = try await client.execute(uri: "/console/sign-in", method: .get) { response in
                (String(buffer: response.body), cookieValue(setCookies(response)["onestop_signin"]))
            }
            let csrf = try #require(hiddenValue("csrf", in: signIn)), signInCookie = try #require(cookie)
            for next in ["/console\r\nSet-Cookie: injected=1", "//evil.example/console", "https://evil.example/", "/\\evil.example"] {
                try await client.execute(
                    uri: "/console/sign-in", method: .post,
                    headers: [.cookie: "onestop_signin=\(signInCookie)", .contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
                    body: form([("csrf", csrf), ("key", staff), ("next", next)])
                ) { response in
                    #expect(response.status == .seeOther)
                    let location = response.headers[.location] ?? ""
                    #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.hasPrefix("/\\"), "\(next) → \(location)")
                    #expect(!location.contains("evil") && !location.contains("injected") && !location.contains("\n"), "\(next) → \(location)")
                }
            }
        }
    }
}
