import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct CatalogPageTests {
    func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func searchingInChineseListsServicesWithTheirStationFeeAndTurnaround() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let home = try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                return String(buffer: response.body)
            }
            #expect(home.contains(#"<html lang="zh-CN">"#))
            #expect(home.contains(#"<label for="q">搜索服务</label>"#))
            #expect(home.contains(#"<li><a href="/?category=metrology"><strong>"#))
            #expect(!home.contains("<script"))
            let page = try await client.execute(uri: "/?q=\(percentEncoded("计量"))", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("项服务"))
            #expect(page.contains(#"<a href="/services/"#))
            #expect(page.contains("<dt>费用</dt>"))
            #expect(page.contains("个工作日"))
            #expect(page.contains(#"rel="next" href="/?q=%E8%AE%A1%E9%87%8F&amp;page=2""#))
            #expect(!page.contains(#"rel="prev""#))
            let second = try await client.execute(uri: "/?q=\(percentEncoded("计量"))&page=2", method: .get) { String(buffer: $0.body) }
            #expect(second.contains(#"rel="prev" href="/?q=%E8%AE%A1%E9%87%8F""#))
            #expect(second.contains("第 2 / "))
            let filtered = try await client.execute(uri: "/?q=\(percentEncoded("检测"))&region=341524&mode=station", method: .get) { String(buffer: $0.body) }
            #expect(filtered.contains(#"<option value="341524" selected>"#))
            #expect(filtered.contains(#"<option value="station" selected>"#))
            #expect(filtered.contains("/services/JZ-"))
            let nothing = try await client.execute(uri: "/?q=zzzzqqq", method: .get) { String(buffer: $0.body) }
            #expect(nothing.contains("没有找到符合条件的服务"))
        }
    }

    @Test func pagesInEnglishKeepTheLanguageInTheirLinks() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let page = try await client.execute(uri: "/services/JZ-TEA-001?lang=en", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
            #expect(page.contains(#"<html lang="en">"#))
            #expect(page.contains("<dt>Turnaround</dt><dd>5 working days</dd>"))
            #expect(page.contains(#"href="/stations/jinzhai?lang=en""#))
            #expect(page.contains(#"<p lang="zh-CN">"#))
            #expect(page.contains(#"hreflang="zh-CN""#))
            let station = try await client.execute(uri: "/stations/jinzhai", method: .get) { String(buffer: $0.body) }
            #expect(station.contains(#"<li><a href="/services/JZ-TEA-001">六安瓜片茶叶农药残留检测</a> · 收费，由金寨县检验检测中心（样例）收取 · 常规 30 项 600 元（样例） · 5 个工作日</li>"#))
            #expect(station.contains("<dt>办公时间</dt>"))
        }
    }

    @Test func unknownPagesAreHTML404s() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            for uri in ["/services/NOPE", "/stations/nowhere"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(String(buffer: response.body).contains("没有找到这个页面"))
                }
            }
            try await client.execute(uri: "/static/onestop.css", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains("max-width: 30rem"))
            }
        }
    }

    @Test func whatUsersTypedAndTheCatalogSaysIsEscaped() async throws {
        var catalog = Fixtures.smallCatalog()
        catalog.services[0].description = #"<script>alert("x")</script> & 更多"#
        catalog.services[0].name = "<b>加粗</b>"
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: catalog), actor: "test", dryRun: false)
        let code = catalog.services[0].code
        try await withRouter(store) { client in
            let detail = try await client.execute(uri: "/services/\(code)", method: .get) { String(buffer: $0.body) }
            #expect(!detail.contains("<script>"))
            #expect(detail.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 更多"))
            #expect(detail.contains("&lt;b&gt;加粗&lt;/b&gt;"))
            let typed = try await client.execute(uri: "/?q=\(percentEncoded(#""><script>alert(1)</script>"#))", method: .get) { String(buffer: $0.body) }
            #expect(!typed.contains("<script>alert(1)"))
            #expect(typed.contains("&quot;&gt;&lt;script&gt;"))
        }
    }
}
