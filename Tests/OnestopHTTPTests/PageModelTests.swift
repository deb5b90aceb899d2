import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import OnestopHTTP
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// Every name a template asks for is one its page model knows: a misspelt `{{name}}` would render as
/// nothing, so the pages' models record what they were asked and did not know (`PageNames`).
@Suite struct PageModelTests {
    @Test func aNameNoModelKnowsIsRecorded() throws {
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("templates")
        try FileManager.default.copyItem(at: PageTemplateTests.shipped, to: folder)
        let page = folder.appendingPathComponent("not-found.mustache")
        let text = try String(contentsOf: page, encoding: .utf8)
        try text.replacingOccurrences(of: "{{text.notFound}}", with: "{{text.notFuond}} {{backURL}}").write(to: page, atomically: true, encoding: .utf8)
        let renderer = try PageRenderer.load(from: folder)
        let frame = PageFrame(language: .zh, words: PageWords(.zh, site: nil), title: "未找到", switchLanguageURL: "/")
        let html = String(buffer: renderer.html(NotFoundPage(frame: frame)))
        #expect(html.contains("<h1> </h1>"))
        #expect(PageNames.unknown.isSuperset(of: ["text.notFuond", "page.backURL"]))
    }

    /// Each page in each of its states, in both languages, for a firm, a station and staff.
    @Test func everyPageAsksOnlyForNamesItsModelKnows() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, stationKey) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
        let (_, staffKey) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        _ = try await store.createEndpoint(NewEndpoint(
            station: "jinzhai", url: "http://127.0.0.1:9/hook", eventTypes: WebhookEventType.allCases, description: nil,
            secret: "whsec_" + Data(repeating: 1, count: 32).base64EncodedString(), actor: "test", at: Date()))
        _ = try await store.createEndpoint(NewEndpoint(
            station: "huoshan", url: "https://open.feishu.cn/open-apis/bot/v2/hook/abc", format: .feishu, eventTypes: [], description: nil,
            secret: "", actor: "test", at: Date()))
        try await withRouter(store) { client in
            var visited: [String] = []
            func visit(_ uri: String, headers: HTTPFields = [.accept: "text/html"]) async throws {
                for language in ["", "lang=en"] {
                    let target = language.isEmpty ? uri : uri + (uri.contains("?") ? "&" : "?") + language
                    let (status, html) = try await client.execute(uri: target, method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
                    #expect(status != .internalServerError, "\(target)")
                    #expect(html.hasPrefix("<!DOCTYPE html>"), "\(target)")
                    visited.append(target)
                }
            }
            for uri in ["/", "/?q=%E8%AE%A1%E9%87%8F", "/?q=nothingmatches", "/?category=metrology&page=2", "/services/JZ-TEA-001",
                        "/stations/jinzhai", "/stations/luan-platform", "/requests/new", "/requests/new?service=JZ-TEA-001",
                        "/requests/new?category=metrology", "/nowhere", "/track/T-1?token=x", "/console/sign-in", "/?page=0"] {
                try await visit(uri)
            }
            // A form sent with every problem, and one sent right.
            let problems = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders,
                                                    body: form([("service_code", "NO-SUCH"), ("enterprise.uscc", "x"), ("form_id", "x")])) { $0.status }
            #expect(problems == .unprocessableContent)
            let (jinzhai, _) = try await ConsolePageTests().submitTwo(client)
            let tracking = try await client.execute(
                uri: "/requests/new", method: .post, headers: formHeaders,
                body: form(RequestPageTests.filled(["service_code": "JZ-TEA-001"], formID: "00112233445566778899aabbccddeeff"))
            ) { try #require($0.headers[.location]) }
            try await visit(tracking)

            let station = try await ConsoleBrowser.signIn(client, key: stationKey)
            try await visit("/console", headers: station.headers)
            try await visit("/console/requests/\(jinzhai)", headers: station.headers)
            #expect(try await station.post("/console/requests/\(jinzhai)/decline", [("reason", " ")]).0 == .unprocessableContent)
            #expect(try await station.post("/console/requests/\(jinzhai)/accept", [("note", "明天来送样"), ("caseworker", "wu-xia")]).0 == .seeOther)
            #expect(try await station.post("/console/requests/\(jinzhai)/progress", [("note", "内部"), ("internal", "1")]).0 == .seeOther)
            try await visit("/console/requests/\(jinzhai)?done=progress", headers: station.headers)
            #expect(try await station.post("/console/requests/\(jinzhai)/accept").0 == .conflict)

            let staff = try await ConsoleBrowser.signIn(client, key: staffKey)
            for uri in ["/console", "/console?status=assigned&station=jinzhai&from=2026-01-01&to=bad", "/console/requests/\(jinzhai)",
                        "/console/stats", "/console/stats?from=2026-12-01&to=2026-01-01", "/console/deliveries",
                        "/console/deliveries?status=pending&done=1", "/console/endpoints"] {
                try await visit(uri, headers: staff.headers)
            }
            #expect(try await staff.post("/console/requests/\(jinzhai)/reassign", [("station", "nowhere"), ("reason", "x")]).0 == .unprocessableContent)
            #expect(visited.count == 2 * 26)
        }
        let unknown = PageNames.unknown.filter { !["text.notFuond", "page.backURL"].contains($0) }
        #expect(unknown.isEmpty, "templates ask for names no model knows: \(unknown.sorted())")
    }
}

/// What many pages show alike is rendered once per catalog version, and nothing a client sends grows it.
@Suite struct PageFragmentsTests {
    func fragments() async throws -> PageFragments {
        let store = try await Fixtures.shippedStore()
        let catalog = try await store.catalog()
        return PageFragments(renderer: try PageRenderer.load(from: PageTemplateTests.shipped), regions: catalog.regions,
                             categories: catalog.categories, stations: catalog.stations)
    }

    @Test func aValueThatIsNoChoiceSelectsNothing() async throws {
        let fragments = try await fragments()
        let plain = fragments.html(.counties, .zh, selected: nil)
        #expect(plain.contains(#"<option value="341524">"#))
        #expect(!plain.contains("selected"))
        #expect(fragments.html(.counties, .zh, selected: "<script>") == plain)
        #expect(fragments.html(.counties, .zh, selected: "341524").contains(#"<option value="341524" selected>"#))
        #expect(fragments.html(.counties, .en, selected: nil) != plain)
        let reassign = fragments.html(.reassignable(from: "jinzhai"), .zh, selected: nil, placeholder: "请选择")
        #expect(reassign.hasPrefix(#"<option value="">请选择</option>"#))
        #expect(!reassign.contains(#"value="jinzhai""#))
    }

    @Test func aFieldIsTheSameWhetherKeptOrNot() async throws {
        let fragments = try await fragments()
        let pristine = FormField(name: "enterprise.name", label: "企业名称", maxLength: 100)
        #expect(fragments.html(pristine) == fragments.html(pristine))
        #expect(fragments.html(pristine).contains(#"<input id="f-enterprise-name" name="enterprise.name" type="text" value="" maxlength="100" required aria-required="true">"#))
        var typed = pristine
        typed.value = #""><script>"#
        typed.error = "必填"
        let html = fragments.html(typed)
        #expect(html.contains(#"value="&quot;&gt;&lt;script&gt;""#))
        #expect(html.contains(#"aria-invalid="true" aria-describedby="f-enterprise-name-error""#))
        #expect(fragments.html(pristine) != html)
    }
}
