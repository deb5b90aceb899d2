import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct RequestPageTests {
    /// The form as a firm fills it for the tea-testing service in Jinzhai, with `changes` applied.
    static func filled(_ changes: [String: String] = [:], formID: String = "0123456789abcdef0123456789abcdef") -> [(String, String)] {
        var fields: [String: String] = [
            "service_code": "JZ-TEA-001", "enterprise.name": "金寨县样例茶叶合作社", "enterprise.uscc": "91512081MA62K0260E",
            "enterprise.region": "341524", "enterprise.contact_name": "张三", "enterprise.phone": "13800001234",
            "mode": "station", "description": "需要检测 2 批瓜片茶叶的农残。", "form_id": formID,
        ]
        fields.merge(changes) { $1 }
        return fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    @Test func theFormShowsTheServiceAndALabelForEveryInput() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let page = try await client.execute(uri: "/requests/new?service=JZ-TEA-001", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains("六安瓜片茶叶农药残留检测"))
            #expect(page.contains(#"<input type="hidden" name="service_code" value="JZ-TEA-001">"#))
            let inputs = page.matches(of: /<(?:input|select|textarea) id="([^"]+)"/).map { String($0.output.1) }
            #expect(inputs.count == 9)
            for id in inputs {
                #expect(page.contains(#"<label for="\#(id)">"#), "no label for \(id)")
            }
            #expect(hiddenValue("form_id", in: page)?.count == 32)
            // The service takes two modes, so the firm chooses; a category request lists categories instead.
            #expect(page.contains(#"<option value="onsite">"#))
            #expect(!page.contains(#"<option value="online">"#))
            let byCategory = try await client.execute(uri: "/requests/new?category=metrology&lang=en", method: .get) { String(buffer: $0.body) }
            #expect(byCategory.contains(#"<option value="metrology" selected>"#))
            #expect(byCategory.contains(#"<html lang="en">"#))
            #expect(byCategory.contains(#"<input type="hidden" name="lang" value="en">"#))
            try await client.execute(uri: "/requests/new?service=NOPE", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func problemsComeBackBesideTheirFieldsWithWhatWasTypedKept() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let fields = Self.filled(["enterprise.uscc": "91512081MA62K0260X", "enterprise.name": #"<script>alert("x")</script>合作社"#, "description": ""])
            let page = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders, body: form(fields)) { response in
                #expect(response.status == .unprocessableContent)
                return String(buffer: response.body)
            }
            #expect(page.contains(#"<div class="error-summary" role="alert""#))
            #expect(page.contains("请修改以下 2 处后再提交"))
            #expect(page.contains(#"<p class="error" id="f-enterprise-uscc-error">统一社会信用代码有误"#))
            #expect(page.contains(#"value="91512081MA62K0260X" maxlength="30" required aria-required="true" aria-invalid="true" aria-describedby="f-enterprise-uscc-hint f-enterprise-uscc-error""#))
            #expect(page.contains(#"<p class="error" id="f-description-error">必填</p>"#))
            #expect(page.contains(#"value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;合作社""#))
            #expect(!page.contains("<script>"))
            #expect(page.contains(#"<option value="341524" selected>"#))
            #expect(hiddenValue("form_id", in: page) == "0123456789abcdef0123456789abcdef")
            let stored = try await store.serviceRequests(RequestQuery())
            #expect(stored.total == 0)
        }
    }

    @Test func aSentFormLandsOnTheTrackingPageOnceEvenWhenSentTwice() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            var locations: [String] = []
            for _ in 0..<2 {
                let location = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders, body: form(Self.filled())) { response in
                    #expect(response.status == .seeOther)
                    return response.headers[.location]
                }
                locations.append(try #require(location))
            }
            #expect(locations[0] == locations[1])
            #expect(try await store.serviceRequests(RequestQuery()).total == 1)
            let location = locations[0]
            #expect(location.hasPrefix("/track/T-"))
            #expect(location.contains("token=trk_"))
            let (status, headers, page) = try await client.execute(uri: location, method: .get) { ($0.status, $0.headers, String(buffer: $0.body)) }
            #expect(status == .ok)
            #expect(headers[.cacheControl] == "no-store")
            #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            #expect(page.contains("请保存下面的查询链接"))
            #expect(page.contains(#"<a id="tracking-link" href="http://"#))
            #expect(page.contains(#"<strong id="status">已分派</strong>"#))
            #expect(page.contains("金寨县"))
            #expect(page.contains(#"<button type="submit" class="secondary">撤回需求</button>"#))
            // Another form id with other content is a second request.
            let other = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders,
                                                 body: form(Self.filled(["description": "另一批"], formID: "fedcba9876543210fedcba9876543210"))) { $0.status }
            #expect(other == .seeOther)
            #expect(try await store.serviceRequests(RequestQuery()).total == 2)
            // The same form id with other content is refused, and nothing new is stored.
            let changed = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders,
                                                   body: form(Self.filled(["description": "改过的"]))) { ($0.status, String(buffer: $0.body)) }
            #expect(changed.0 == .conflict)
            #expect(changed.1.contains("这份表单刚才已经提交过一次"))
            #expect(try await store.serviceRequests(RequestQuery()).total == 2)
        }
    }

    @Test func theTrackingPageIsA404WithoutItsTokenAndCancelsWithIt() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let location = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders, body: form(Self.filled())) {
                try #require($0.headers[.location])
            }
            let components = try #require(URLComponents(string: location))
            let id = try #require(components.path.split(separator: "/").last.map(String.init))
            let token = try #require(components.queryItems?.first { $0.name == "token" }?.value)
            let unknown = try await client.execute(uri: "/track/T-20990101-0001?token=\(token)", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(unknown.0 == .notFound)
            for uri in ["/track/\(id)", "/track/\(id)?token=trk_wrong", "/track/\(id)?token=\(token.dropLast())\(token.hasSuffix("A") ? "B" : "A")"] {
                let answer = try await client.execute(uri: uri, method: .get) { ($0.status, String(buffer: $0.body)) }
                #expect(answer.0 == .notFound)
                #expect(answer.1 == unknown.1, "a wrong token must look exactly like an unknown id")
            }
            let wrong = try await client.execute(uri: "/track/\(id)/cancel", method: .post, headers: formHeaders, body: form([("token", "trk_wrong")])) { $0.status }
            #expect(wrong == .notFound)
            #expect(try await store.serviceRequest(id: id)?.request.status == .assigned)
            let cancelled = try await client.execute(uri: "/track/\(id)/cancel", method: .post, headers: formHeaders,
                                                     body: form([("token", token), ("reason", "已自行解决")])) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            let page = try await client.execute(uri: cancelled, method: .get) { String(buffer: $0.body) }
            #expect(page.contains(#"<strong id="status">已撤回</strong>"#))
            #expect(page.contains("已自行解决"))
            #expect(!page.contains("撤回需求</button>"))
            #expect(!page.contains("请保存下面的查询链接"), "the link is shown prominently only on arrival")
            let again = try await client.execute(uri: "/track/\(id)/cancel", method: .post, headers: formHeaders, body: form([("token", token)])) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(again.0 == .conflict)
            #expect(again.1.contains("不能撤回"))
        }
    }

    @Test func aFirmReadingInEnglishStaysInEnglishThroughErrorsAndTracking() async throws {
        var catalog = try Fixtures.shippedCatalog()
        let platform = try #require(catalog.stations.firstIndex { $0.id == "luan-platform" })
        catalog.stations[platform].email = nil
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        try await withRouter(store) { client in
            let blank = try await client.execute(uri: "/requests/new?service=LA-JL-004&lang=en", method: .get) { String(buffer: $0.body) }
            #expect(blank.contains(#"<form class="request" action="/requests/new?lang=en" method="post""#))
            let fields = Self.filled(["service_code": "LA-JL-004", "enterprise.phone": "12345", "lang": "en"])
            let error = try await client.execute(uri: "/requests/new?lang=en", method: .post, headers: formHeaders, body: form(fields)) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(error.0 == .unprocessableContent)
            #expect(error.1.contains(#"<html lang="en">"#))
            #expect(error.1.contains("not a valid phone number: 12345"))
            #expect(error.1.contains("Please correct 1 thing(s)"))
            let location = try await client.execute(uri: "/requests/new?lang=en", method: .post, headers: formHeaders,
                                                    body: form(Self.filled(["service_code": "LA-JL-004", "lang": "en"]))) { try #require($0.headers[.location]) }
            #expect(location.hasSuffix("&lang=en"))
            let tracking = try await client.execute(uri: location, method: .get) { String(buffer: $0.body) }
            #expect(tracking.contains("Received. Keep this link"))
            #expect(tracking.contains(#"<strong id="status">Sent to a station</strong>"#))
            // A station without an email shows none, rather than the word "nil".
            #expect(!tracking.contains("nil"))
            #expect(!tracking.contains("<dt>Email</dt>"))
            #expect(tracking.contains(#"action="/track/"#) && tracking.contains(#"/cancel?lang=en" method="post""#))
        }
    }

    @Test func aCachedSearchPageIsNeverServedInTheOtherLanguage() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            for uri in ["/?q=\(percentEncoded("计量"))", "/?q=\(percentEncoded("计量"))&lang=en%20", "/?q=\(percentEncoded("计量"))&lang=en"] {
                let page = try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
                let english = uri.hasSuffix("lang=en")
                #expect(page.contains(english ? #"<html lang="en">"# : #"<html lang="zh-CN">"#), "\(uri)")
            }
        }
    }

    @Test func aFormPostThatIsNotAFormGetsAnHTMLAnswer() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            try await client.execute(uri: "/requests/new", method: .post, headers: [.contentType: "application/json", .accept: "text/html"],
                                     body: body("{}")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(String(buffer: response.body).contains("请通过网页表单提交"))
            }
            try await client.execute(uri: "/requests/new", method: .post, headers: [.contentType: "application/json"], body: body("{}")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
        }
    }

    @Test func everyPageForbidsScriptsAndFraming() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            for uri in ["/", "/requests/new?service=JZ-TEA-001", "/console/sign-in", "/track/nope"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("default-src 'none'"), "\(uri)")
                    #expect(policy.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(!String(buffer: response.body).contains("<script"))
                }
            }
        }
    }
}
