import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct ConsolePageTests {
    /// A request for a Jinzhai service and one for a platform service, sent through the form.
    func submitTwo(_ client: any TestClientProtocol) async throws -> (jinzhai: String, platform: String) {
        var ids: [String] = []
        for (service, formID) in [("JZ-TEA-001", "0123456789abcdef0123456789abcdef"), ("LA-JL-004", "fedcba9876543210fedcba9876543210")] {
            let fields = RequestPageTests.filled(["service_code": service], formID: formID)
            let location = try await client.execute(uri: "/requests/new", method: .post, headers: formHeaders, body: form(fields)) {
                try #require($0.headers[.location])
            }
            ids.append(String(try #require(URLComponents(string: location)?.path.split(separator: "/").last)))
        }
        return (ids[0], ids[1])
    }

    @Test func signingInSetsALaxHttpOnlyExpiringCookieAndComesBack() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, token) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            try await client.execute(uri: "/console/requests/X?lang=en", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/console/sign-in?next=/console/requests/X?lang%3Den&lang=en")
            }
            let (page, signInCookie) = try await client.execute(uri: "/console/sign-in", method: .get) { response in
                (String(buffer: response.body), try #require(setCookies(response)["onestop_signin"]))
            }
            #expect(page.contains(#"<label for="key">访问密钥</label>"#))
            #expect(page.contains(#"type="password""#))
            let csrf = try #require(hiddenValue("csrf", in: page))
            let secret = try #require(cookieValue(signInCookie))
            func post(_ fields: [(String, String)], cookie: String?, proto: String? = nil) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"]
                if let cookie { headers[.cookie] = "onestop_signin=\(cookie)" }
                if let proto { headers[HTTPField.Name("X-Forwarded-Proto")!] = proto }
                return try await client.execute(uri: "/console/sign-in", method: .post, headers: headers, body: form(fields)) { $0 }
            }
            // Without the cookie the form came with (another site's form), nothing happens.
            #expect(try await post([("csrf", csrf), ("key", token)], cookie: nil).status == .forbidden)
            #expect(try await post([("csrf", (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst()), ("key", token)], cookie: secret).status == .forbidden)
            // A site that can plant a cookie of its choosing still cannot make the token for it without the server's secret.
            let planted = "0123456789abcdef0123456789abcdef"
            let guessed = SHA256.hash(data: Data("onestop-csrf:\(planted)".utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
            #expect(try await post([("csrf", guessed), ("key", token)], cookie: planted).status == .forbidden)
            let wrong = try await post([("csrf", csrf), ("key", "ost_wrong")], cookie: secret)
            #expect(wrong.status == .unprocessableContent)
            #expect(String(buffer: wrong.body).contains(#"<p class="error" id="key-error" role="alert">密钥无效或已停用"#))
            let signedIn = try await post([("csrf", csrf), ("key", token), ("next", "/console/requests/X")], cookie: secret, proto: "https")
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers[.location] == "/console/requests/X")
            let cookie = try #require(setCookies(signedIn)["onestop_session"])
            for attribute in ["HttpOnly", "SameSite=Lax", "Path=/console", "Max-Age=28800"] {
                #expect(cookie.contains(attribute), "\(attribute) missing from \(cookie)")
            }
            // X-Forwarded-Proto from a peer that is not a trusted proxy is anyone's say-so (TrustedProxyTests has the https case).
            #expect(!cookie.contains("Secure"))
            #expect(!(cookie.contains(token)))
            let plain = try await post([("csrf", csrf), ("key", token), ("next", "//evil.example/x")], cookie: secret)
            #expect(plain.headers[.location] == "/console")
            #expect(setCookies(plain)["onestop_session"]?.contains("Secure") == false)
        }
    }

    @Test func aStationSeesOnlyItsOwnRequestsAndActsOnThemWithItsCSRFToken() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, token) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let (jinzhai, platform) = try await submitTwo(client)
            let station = try await ConsoleBrowser.signIn(client, key: token)
            let (_, list) = try await station.get("/console")
            #expect(list.contains(jinzhai))
            #expect(!list.contains(platform))
            #expect(!list.contains(#"<select id="station""#), "stations do not filter by station")
            let (status, _) = try await station.get("/console/requests/\(platform)")
            #expect(status == .notFound)
            let refused = try await station.post("/console/requests/\(platform)/accept")
            #expect(refused.0 == .notFound)
            #expect(try await store.serviceRequest(id: platform)?.request.status == .assigned)
            // Staff pages do not exist for a station.
            for page in ["/console/deliveries", "/console/endpoints"] {
                #expect(try await station.get(page).0 == .notFound)
            }
            // Its statistics are of its own requests: its own row, whatever station it asks for.
            for page in ["/console/stats", "/console/stats?station=luan-platform"] {
                let (statsStatus, stats) = try await station.get(page)
                #expect(statsStatus == .ok)
                #expect(!stats.contains(#"<select id="station""#))
                let table = try #require(stats.range(of: #"<table id="assessment-station">"#).map { String(stats[$0.lowerBound...]) }?
                    .components(separatedBy: "</table>").first)
                #expect(table.components(separatedBy: "<tr>").count - 1 == 2, "the header and its own row")
                #expect(!stats.contains(#"<table id="assessment-county">"#) && !stats.contains(#"<table id="assessment-category">"#),
                        "county and category rows mix in what other stations did")
            }
            #expect(try await station.post("/console/requests/\(jinzhai)/reassign", [("station", "yeji"), ("reason", "x")]).0 == .notFound)

            let (_, detail) = try await station.get("/console/requests/\(jinzhai)")
            #expect(detail.contains("91512081MA62K0260E"))
            #expect(detail.contains(#"id="accept-button""#))
            #expect(!detail.contains("routing-title"), "the routing record is for staff")
            let forged = try await station.post("/console/requests/\(jinzhai)/accept", csrf: "forged")
            #expect(forged.0 == .forbidden)
            #expect(forged.1.contains("表单已失效"))
            #expect(try await store.serviceRequest(id: jinzhai)?.request.status == .assigned)
            let noReason = try await station.post("/console/requests/\(jinzhai)/decline", [("reason", "  ")])
            #expect(noReason.0 == .unprocessableContent)
            #expect(noReason.1.contains(#"<p class="error" id="decline-reason-error">必填</p>"#))
            let unnamed = try await station.post("/console/requests/\(jinzhai)/accept", [("note", "明天上午来送样")])
            #expect(unnamed.0 == .unprocessableContent)
            #expect(unnamed.1.contains("请选择服务专员"))
            let accepted = try await station.post("/console/requests/\(jinzhai)/accept", [("note", "明天上午来送样"), ("caseworker", "wu-xia")])
            #expect(accepted.0 == .seeOther)
            #expect(accepted.2 == "/console/requests/\(jinzhai)?done=accept")
            #expect(try await store.serviceRequest(id: jinzhai)?.request.status == .accepted)
            let (_, after) = try await station.get(try #require(accepted.2))
            #expect(after.contains("已完成：受理"))
            #expect(after.contains(#"id="progress-button""#))
            #expect(after.contains("明天上午来送样"))
            let twice = try await station.post("/console/requests/\(jinzhai)/accept")
            #expect(twice.0 == .conflict)
            let progress = try await station.post("/console/requests/\(jinzhai)/progress", [("note", "样品已收到"), ("internal", "1")])
            #expect(progress.0 == .seeOther)
            let timeline = try await store.timeline(ofRequest: jinzhai)
            #expect(timeline.last?.isInternal == true)
            #expect(timeline.last?.actor == "station:jinzhai")
            #expect(try await station.post("/console/requests/\(jinzhai)/complete", [("summary", "已出具报告")]).0 == .seeOther)
            #expect(try await store.serviceRequest(id: jinzhai)?.request.status == .completed)
        }
    }

    @Test func signingOutOrRevokingTheKeyEndsTheSession() async throws {
        let store = try await Fixtures.shippedStore()
        let (first, token) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
        let (_, second) = try await store.createKey(role: .station, name: "desk 2", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let browser = try await ConsoleBrowser.signIn(client, key: token)
            #expect(try await browser.get("/console").0 == .ok)
            #expect(try await browser.post("/console/sign-out", csrf: "forged").0 == .forbidden)
            #expect(try await browser.get("/console").0 == .ok)
            let out = try await browser.post("/console/sign-out")
            #expect(out.0 == .seeOther)
            #expect(try await browser.get("/console").0 == .seeOther)

            let other = try await ConsoleBrowser.signIn(client, key: second)
            #expect(try await other.get("/console").0 == .ok)
            _ = first
            let keys = try await store.keys().filter { $0.name == "desk 2" }
            _ = try await store.revokeKey(id: try #require(keys.first).id, actor: "test")
            #expect(try await other.get("/console").0 == .seeOther)
        }
    }

    @Test func staffFilterEveryRequestReassignAndSeeStatisticsAsCharts() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, token) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        try await withRouter(store) { client in
            let (jinzhai, platform) = try await submitTwo(client)
            let staff = try await ConsoleBrowser.signIn(client, key: token)
            let (_, all) = try await staff.get("/console")
            #expect(all.contains(jinzhai) && all.contains(platform))
            let (_, filtered) = try await staff.get("/console?station=jinzhai")
            #expect(filtered.contains(jinzhai) && !filtered.contains(platform))
            #expect(filtered.contains(#"<option value="jinzhai" selected>"#))
            let (badDate, dated) = try await staff.get("/console?from=2026-02-30")
            #expect(badDate == .ok)
            #expect(dated.contains("日期格式应为 YYYY-MM-DD：2026-02-30"))

            let (_, detail) = try await staff.get("/console/requests/\(jinzhai)")
            #expect(detail.contains(#"<h2 id="routing-title">分派记录</h2>"#))
            #expect(detail.contains(#"id="reassign-button""#))
            let missing = try await staff.post("/console/requests/\(jinzhai)/reassign", [("station", ""), ("reason", "")])
            #expect(missing.0 == .unprocessableContent)
            #expect(missing.1.contains(#"id="reassign-station-error">请选择服务站"#))
            #expect(missing.1.contains(#"id="reassign-reason-error">必填"#))
            let moved = try await staff.post("/console/requests/\(jinzhai)/reassign", [("station", "huoshan"), ("reason", "金寨站检测设备检修")])
            #expect(moved.0 == .seeOther)
            #expect(try await store.serviceRequest(id: jinzhai)?.request.station == "huoshan")

            // Closing as unserviceable: the reason is for the firm, so it is never internal, whatever the form says.
            let closed = try await staff.post("/console/requests/\(platform)/close-unserviceable", [("reason", "本市暂无此项资质"), ("internal", "1")])
            #expect(closed.0 == .seeOther)
            #expect(try await store.serviceRequest(id: platform)?.request.status == .unserviceable)
            #expect(try await store.timeline(ofRequest: platform).last?.isInternal == false)

            let (_, stats) = try await staff.get("/console/stats")
            #expect(stats.contains(#"<svg class="chart""#))
            #expect(stats.contains(#"<title id="by-station-title">按服务站</title>"#))
            #expect(stats.contains("<dt>收到需求</dt><dd>2</dd>"))
            let (_, endpoints) = try await staff.get("/console/endpoints")
            #expect(endpoints.contains("还没有接收地址"))
            let (_, deliveries) = try await staff.get("/console/deliveries")
            #expect(deliveries.contains("没有记录"))
        }
    }

    @Test func failedDeliveriesCanBeSentAgainFromTheConsole() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, token) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let endpoint = try await store.createEndpoint(NewEndpoint(
            station: "jinzhai", url: "http://127.0.0.1:9/hook", eventTypes: WebhookEventType.allCases, description: nil,
            secret: "whsec_" + Data(repeating: 1, count: 32).base64EncodedString(), actor: "test", at: Date()))
        try await withRouter(store) { client in
            _ = try await submitTwo(client)
            // The endpoint answered 410: its delivery failed for good.
            let claimed = try await store.claimDeliveries(now: Date(), leaseUntil: Date().addingTimeInterval(60), limit: 10, perEndpoint: 4, busy: [:])
            let delivery = try #require(claimed.first { $0.endpoint == endpoint.id })
            _ = try await store.settleDeliveries([DeliveryResult(
                delivery: delivery.id, lease: delivery.lease, endpoint: endpoint.id,
                attempt: DeliveryAttempt(at: Date(), statusCode: 410, durationMilliseconds: 3, response: "gone", error: nil),
                next: .failed, disableAfter: .seconds(86_400 * 5))])
            let staff = try await ConsoleBrowser.signIn(client, key: token)
            let (_, list) = try await staff.get("/console/deliveries")
            #expect(list.contains("HTTP 410"))
            #expect(list.contains("/console/deliveries/\(delivery.id)/redeliver"))
            let again = try await staff.post("/console/deliveries/\(delivery.id)/redeliver")
            #expect(again.0 == .seeOther)
            #expect(try await store.delivery(id: delivery.id)?.delivery.status == .pending)
            let robot = try await store.createEndpoint(NewEndpoint(
                station: "huoshan", url: "https://open.feishu.cn/open-apis/bot/v2/hook/abc", format: .feishu, eventTypes: [], description: nil,
                secret: "", actor: "test", at: Date()))
            let (_, endpoints) = try await staff.get("/console/endpoints")
            #expect(endpoints.contains(endpoint.id))
            #expect(endpoints.contains(robot.id))
            #expect(endpoints.components(separatedBy: "机器人").count == 2, "only the robot is marked as one")
            #expect(endpoints.contains("飞书机器人"))
        }
    }
}
