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

/// Notices through the API and the pages: consent asked for and checked, offered only where a provider is set up,
/// the short link an SMS carries, and the firm's stop button.
@Suite struct NoticeRouteTests {
    static let secret = Array(repeating: UInt8(7), count: 32)

    static func intake(_ channels: Set<NoticeChannel>) -> RequestIntake {
        RequestIntake(idPrefix: "T", secret: secret, submissionsPerMinute: 0, noticeChannels: channels)
    }

    static func submission(phone: String = "13800001234", email: String? = "zs@example.org", notices: String) -> String {
        let address = email.map { ", \"email\": \"\($0)\"" } ?? ""
        return """
        {"enterprise": {"name": "金寨县某茶业有限公司", "uscc": "91512081MA62K0260E", "region": "341524", "contact_name": "张三",
                        "phone": "\(phone)"\(address)},
         "service_code": "JZ-TEA-001", "description": "出口前需要做农残检测。", "mode": "station", "notices": \(notices)}
        """
    }

    func fields(_ response: TestResponse) throws -> [String] {
        let problem = try expectProblem(response, .badRequest, "validation_failed")
        return (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    @Test func consentIsCheckedAndNothingIsStoredWhenItIsWrong() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store, intake: Self.intake([.sms])) { client in
            // A landline cannot take SMS, email needs an address, and no email provider is set up here.
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders,
                                     body: body(Self.submission(phone: "0564-5136080", email: nil, notices: #"{"sms": true, "email": true}"#))) { response in
                let named = try fields(response)
                #expect(Set(named) == ["notices.sms", "notices.email"])
            }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders,
                                     body: body(Self.submission(notices: #"{"sms": "yes", "fax": true}"#))) { response in
                #expect(response.status == .badRequest)
                let text = String(buffer: response.body)
                #expect(text.contains("notices.fax") || text.contains("fax"))
            }
        }
        #expect(try await store.serviceRequests(RequestQuery()).items.isEmpty)
    }

    @Test func theFirmSeesWhatItAgreedToAndCanStopIt() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store, intake: Self.intake([.sms, .email])) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders,
                                                   body: body(Self.submission(notices: #"{"sms": true}"#))) { response in
                #expect(response.status == .created)
                return try json(response)
            }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(token)", method: .get) { response in
                let notices = try #require(try json(response)["notices"] as? [String: Any])
                #expect(notices["sms"] as? Bool == true && notices["email"] as? Bool == false && notices["stopped_at"] == nil)
            }
            #expect(try await store.notices(ofRequest: id).map(\.event) == [.received])
            // A wrong token stops nothing.
            try await client.execute(uri: "/api/v1/requests/\(id)/notices/stop?token=trk_wrong", method: .post) {
                _ = try expectProblem($0, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)/notices/stop?token=\(token)", method: .post) { response in
                #expect(response.status == .ok)
                let notices = try #require(try json(response)["notices"] as? [String: Any])
                #expect(notices["stopped_at"] is String)
            }
            #expect(try await store.notices(ofRequest: id).map(\.status) == [.stopped])

            // The station sees what the firm agreed to and what became of each notice, never the firm's token.
            let (_, key) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
            let station = try await ConsoleBrowser.signIn(client, key: key)
            let (status, page) = try await station.get("/console/requests/\(id)")
            #expect(status == .ok)
            #expect(page.contains("进度通知") && page.contains(#"<dl id="notices">"#))
            #expect(page.contains("需求已受理登记：企业已停止通知"))

            // The short link opens the tracking page; a wrong or malformed one is the same 404.
            let stored = try #require(try await store.serviceRequest(id: id))
            let code = ShortLinks(secret: Self.secret).code(nonce: stored.tokenNonce)
            #expect(code.count == 16)
            try await client.execute(uri: "/t/\(code)", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/track/\(id)?token=\(token)")
                #expect(response.headers[.cacheControl] == "no-store")
            }
            for wrong in [String(code.reversed()), "short", String(repeating: "-", count: 16)] {
                try await client.execute(uri: "/t/\(wrong)", method: .get) { #expect($0.status == .notFound) }
            }
        }
    }

    @Test func theFormOffersOnlyWhatIsSetUpAndTheTrackingPageStops() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store, intake: Self.intake([])) { client in
            try await client.execute(uri: "/requests/new?service=JZ-TEA-001", method: .get) { response in
                #expect(!String(buffer: response.body).contains("notices-sms"))
            }
        }
        try await withRouter(store, intake: Self.intake([.sms, .email])) { client in
            try await client.execute(uri: "/requests/new?service=JZ-TEA-001", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"id="notices-sms""#) && page.contains(#"id="notices-email""#))
                #expect(!page.contains("checked"), "consent is never given for the firm")
            }
            let form = [
                "enterprise.name=金寨县某茶业有限公司", "enterprise.uscc=91512081MA62K0260E", "enterprise.region=341524", "enterprise.contact_name=张三",
                "enterprise.phone=0564-5136080", "service_code=JZ-TEA-001", "mode=station", "description=农残检测", "notices.sms=1",
            ].map { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "=._-")))! }.joined(separator: "&")
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/requests/new", method: .post, headers: headers, body: body(form)) { response in
                #expect(response.status == .unprocessableContent)
                let page = String(buffer: response.body)
                #expect(page.contains("固定电话无法接收短信") && page.contains(##"href="#notices-sms""##))
                #expect(page.contains(#"id="notices-sms" name="notices.sms" value="1" checked"#))
            }
            let location = try await client.execute(uri: "/requests/new", method: .post, headers: headers,
                                                    body: body(form.replacingOccurrences(of: "0564-5136080", with: "13800001234"))) { response in
                #expect(response.status == .seeOther)
                return try #require(response.headers[.location])
            }
            let components = try #require(URLComponents(string: location))
            let id = String(components.path.dropFirst("/track/".count))
            let token = try #require(components.queryItems?.first { $0.name == "token" }?.value)
            try await client.execute(uri: "/track/\(id)?token=\(token)", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains("每一步进展将通过短信通知您") && page.contains(#"id="stop-notices""#))
            }
            try await client.execute(uri: "/track/\(id)/notices/stop", method: .post, headers: headers, body: body("token=\(token)")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/track/\(id)?token=\(token)#notices-title")
            }
            try await client.execute(uri: "/track/\(id)?token=\(token)", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(page.contains(#"id="notices-stopped""#) && !page.contains(#"id="stop-notices""#))
            }
        }
    }
}
