import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDelivery
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct WebhookRouteTests {
    /// Posts each new endpoint and expects a 400 naming exactly those fields.
    func expectRefusals(_ cases: [([String: Any], [String])], client: any TestClientProtocol, staff: String) async throws {
        for (fields, expected) in cases {
            try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body(fields)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                let errors = try #require(problem["errors"] as? [[String: Any]])
                #expect(errors.compactMap { $0["field"] as? String }.sorted() == expected.sorted(), "\(fields)")
            }
        }
    }

    func keys(_ store: SQLiteStore) async throws -> (staff: String, station: String) {
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let (_, station) = try await store.createKey(role: .station, name: "desk", station: "jinzhai", actor: "test")
        return (staff, station)
    }

    /// A body of wrong types is answered with every wrong field at once, each in its own words, and an unknown one by name.
    @Test func everyWrongFieldIsNamedAtOnceInItsOwnWords() async throws {
        let store = try await Fixtures.shippedStore()
        let (staff, _) = try await keys(store)
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": 5, "url": 7, "format": 5, "description": 3, "event_types": ["request.assigned", 9],
            ])) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                let errors = try #require(problem["errors"] as? [[String: Any]])
                let said = Dictionary(uniqueKeysWithValues: errors.compactMap { error in
                    (error["field"] as? String).map { ($0, error["message_en"] as? String ?? "") }
                })
                #expect(said["station"] == "is required")
                #expect(said["url"] == "must be a string")
                #expect(said["format"]?.hasPrefix("unknown format") == true)
                #expect(said["description"] == "must be text of at most 200 characters")
                #expect(said["event_types[1]"]?.hasPrefix("unknown event type") == true)
                #expect(said.count == 5)
            }
            let endpoint = try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": "jinzhai", "url": "https://jinzhai.example.cn/hooks",
            ])) { try json($0)["id"] as? String ?? "" }
            try await client.execute(uri: "/api/v1/endpoints/\(endpoint)", method: .patch, headers: bearer(staff),
                                     body: body(["station": "huoshan", "colour": "red"])) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                let errors = try #require(problem["errors"] as? [[String: Any]])
                #expect(errors.compactMap { $0["field"] as? String } == ["colour", "station"])
                #expect(errors.allSatisfy { $0["message_en"] as? String == "unknown field" })
            }
            try await client.execute(uri: "/api/v1/endpoints/\(endpoint)/disable", method: .post, headers: bearer(staff),
                                     body: body(["reason": 12])) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "reason")
            }
        }
    }

    @Test func staffAddAnEndpointAndSeeItsSecretOnlyOnce() async throws {
        let store = try await Fixtures.shippedStore()
        let (staff, _) = try await keys(store)
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": "jinzhai", "url": "https://jinzhai.example.cn/hooks", "event_types": ["request.assigned", "request.withdrawn"],
                "description": "金寨站 OA",
            ])) { response in
                #expect(response.status == .created)
                return (try json(response), response.headers[.location])
            }
            let id = try #require(created.0["id"] as? String)
            #expect(created.1 == "/api/v1/endpoints/\(id)")
            let secret = try #require(created.0["secret"] as? String)
            #expect(WebhookSecret(secret)?.bytes.count == 32)
            #expect(created.0["event_types"] as? [String] == ["request.assigned", "request.withdrawn"])
            try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .get, headers: bearer(staff)) { response in
                let fields = try json(response)
                #expect(response.status == .ok)
                #expect(fields["secret"] == nil)
                #expect(!String(buffer: response.body).contains(secret))
            }
            try await client.execute(uri: "/api/v1/endpoints?station=jinzhai", method: .get, headers: bearer(staff)) { response in
                let listed = try items(response)
                #expect(listed.map { $0["id"] as? String } == [id])
                #expect(!String(buffer: response.body).contains("whsec_"))
            }
            let rotated = try await client.execute(uri: "/api/v1/endpoints/\(id)/rotate-secret", method: .post, headers: bearer(staff)) { try json($0) }
            #expect((rotated["secret"] as? String)?.hasPrefix("whsec_") == true)
            #expect(rotated["secret"] as? String != secret)
            #expect(rotated["previous_secret_until"] is String)
            let patched = try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .patch, headers: bearer(staff),
                                                   body: body(["event_types": [], "description": NSNull()])) { try json($0) }
            #expect(patched["event_types"] as? [String] == [])
            #expect(patched["description"] == nil || patched["description"] is NSNull)
            let disabled = try await client.execute(uri: "/api/v1/endpoints/\(id)/disable", method: .post, headers: bearer(staff),
                                                    body: body(["reason": "站点系统升级"])) { try json($0) }
            #expect(disabled["enabled"] as? Bool == false)
            #expect(disabled["disabled_reason"] as? String == "站点系统升级")
            let enabled = try await client.execute(uri: "/api/v1/endpoints/\(id)/enable", method: .post, headers: bearer(staff)) { try json($0) }
            #expect(enabled["enabled"] as? Bool == true)
            try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .delete, headers: bearer(staff)) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .get, headers: bearer(staff)) { try expectProblem($0, .notFound, "not_found") }
        }
    }

    @Test func badEndpointsAreRefusedFieldByField() async throws {
        let store = try await Fixtures.shippedStore()
        let (staff, _) = try await keys(store)
        try await withRouter(store) { client in
            let cases: [([String: Any], [String])] = [
                (["station": "nowhere", "url": "ftp://example.cn/x"], ["station", "url"]),
                (["station": "jinzhai", "url": "https://user:pass@example.cn/x"], ["url"]),
                (["station": "jinzhai"], ["url"]),
                (["url": "http://example.cn/x", "event_types": ["request.assigned", "request.eaten"]], ["station", "event_types[1]"]),
                (["station": "jinzhai", "url": "http://example.cn/x", "event_types": "request.assigned"], ["event_types"]),
                (["station": "jinzhai", "url": "/relative"], ["url"]),
                (["station": "jinzhai", "url": "http://example.cn/x", "secret": "mine"], ["secret"]),
            ]
            try await expectRefusals(cases, client: client, staff: staff)
            #expect(try await store.endpoints(station: nil).isEmpty)
        }
    }

    @Test func robotEndpointsAreCheckedAgainstTheirPlatform() async throws {
        let store = try await Fixtures.shippedStore()
        let (staff, _) = try await keys(store)
        let wecom = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
        let dingtalk = "https://oapi.dingtalk.com/robot/send?access_token=abc123secrettoken"
        let feishu = "https://open.feishu.cn/open-apis/bot/v2/hook/0f3c-uuid"
        try await withRouter(store) { client in
            let cases: [([String: Any], [String])] = [
                (["station": "jinzhai", "format": "wecom", "url": dingtalk], ["url"]),
                (["station": "jinzhai", "format": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send"], ["url"]),
                (["station": "jinzhai", "format": "feishu", "url": "http://open.feishu.cn/open-apis/bot/v2/hook/x"], ["url"]),
                (["station": "jinzhai", "format": "feishu", "url": "http://127.0.0.1:9000/open-apis/bot/v2/hook/x"], ["url"]),
                (["station": "jinzhai", "format": "slack", "url": wecom], ["format", "url"]),
                (["station": "jinzhai", "format": "wecom", "url": wecom, "secret": "SECabc"], ["secret"]),
                (["station": "jinzhai", "format": "wecom", "url": wecom, "keyword": "质量"], ["keyword"]),
                (["station": "jinzhai", "format": "feishu", "url": feishu, "mention_mobiles": ["13800001234"]], ["mention_mobiles"]),
                (["station": "jinzhai", "format": "dingtalk", "url": dingtalk, "mention_mobiles": ["0564-5136080", 5]], ["mention_mobiles"]),
                (["station": "jinzhai", "format": "dingtalk", "url": dingtalk, "mention_mobiles": ["0564-5136080"]], ["mention_mobiles[0]"]),
                (["station": "jinzhai", "format": "dingtalk", "url": dingtalk, "secret": "SEC with space"], ["secret"]),
                (["station": "jinzhai", "format": "dingtalk", "url": dingtalk, "rate_limit": ["per_minute": 0, "per_second": 1.5]],
                 ["rate_limit.per_minute", "rate_limit.per_second"]),
                (["station": "jinzhai", "format": "dingtalk", "url": dingtalk, "rate_limit": ["per_hour": 1]], ["rate_limit"]),
                // What onestop shows of a robot's URL, sent back, would replace the token.
                (["station": "jinzhai", "format": "dingtalk", "url": "https://oapi.dingtalk.com/robot/send?access_token=…oken"], ["url"]),
                (["station": "jinzhai", "format": "feishu", "url": feishu + "/more"], ["url"]),
                (["station": "jinzhai", "url": feishu], ["url"]),
                (["station": "jinzhai", "url": "https://hooks.example.cn/onestop", "robot_contact": "full"], ["robot_contact"]),
                (["station": "jinzhai", "format": "wecom", "url": wecom, "robot_contact": "everything"], ["robot_contact"]),
                // Internal addresses, however spelled, unless the server allows them.
                (["station": "jinzhai", "url": "http://169.254.169.254/latest/meta-data/"], ["url"]),
                (["station": "jinzhai", "url": "http://2130706433:8080/metrics"], ["url"]),
                (["station": "jinzhai", "url": "http://[::1]:6379/"], ["url"]),
                (["station": "jinzhai", "url": "http://localhost:6379/"], ["url"]),
            ]
            try await expectRefusals(cases, client: client, staff: staff)
            #expect(try await store.endpoints(station: nil).isEmpty)

            let created = try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": "jinzhai", "format": "dingtalk", "url": dingtalk, "secret": "SEC0123456789abcdef", "keyword": "质量",
                "mention_mobiles": ["+86 138-0000-1234"], "robot_contact": "full",
            ])) { response in
                #expect(response.status == .created)
                #expect(!String(buffer: response.body).contains("SEC0123456789abcdef"))
                return try json(response)
            }
            #expect(created["format"] as? String == "dingtalk")
            // The access token is the robot's credential: shown cut to its last four characters, here and in the audit.
            #expect(created["url"] as? String == "https://oapi.dingtalk.com/robot/send?access_token=…oken")
            #expect(created["signed"] as? Bool == true)
            #expect(created["secret"] == nil)
            #expect(created["keyword"] as? String == "质量")
            #expect(created["mention_mobiles"] as? [String] == ["13800001234"])
            #expect(created["robot_contact"] as? String == "full")
            #expect((created["rate_limit"] as? [String: Any])?["per_minute"] as? Int == 20)
            let id = try #require(created["id"] as? String)
            try await client.execute(uri: "/api/v1/endpoints/\(id)/rotate-secret", method: .post, headers: bearer(staff)) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
            try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .patch, headers: bearer(staff), body: body(["format": "feishu"])) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
            let patched = try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .patch, headers: bearer(staff), body: body([
                "secret": NSNull(), "keyword": NSNull(), "rate_limit": ["per_minute": 10],
            ])) { response in
                #expect(response.status == .ok)
                return try json(response)
            }
            #expect(patched["signed"] as? Bool == false)
            #expect(patched["keyword"] == nil)
            #expect((patched["rate_limit"] as? [String: Any])?["per_minute"] as? Int == 10)
            try await client.execute(uri: "/api/v1/endpoints/\(id)", method: .patch, headers: bearer(staff),
                                     body: body(["url": patched["url"] as? String ?? ""])) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
            #expect(try await store.endpointTarget(id: id, at: Date())?.secrets == [])
            #expect(try await store.endpointTarget(id: id, at: Date())?.endpoint.url == dingtalk)
            let audit = try await store.auditEntries(AuditQuery(entity: .endpoint, entityID: id)).items
            #expect(!audit.isEmpty)
            #expect(!audit.flatMap(\.changes).contains { ($0.new ?? "").contains("abc123") || ($0.old ?? "").contains("abc123") })
            try await client.execute(uri: "/api/v1/endpoints?station=jinzhai", method: .get, headers: bearer(staff)) { response in
                #expect(!String(buffer: response.body).contains("abc123"))
            }

            // A standard endpoint always signs: its secret cannot be taken away.
            let standard = try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": "jinzhai", "url": "https://oa.example.cn/hook",
            ])) { try json($0) }
            let standardID = try #require(standard["id"] as? String)
            try await client.execute(uri: "/api/v1/endpoints/\(standardID)", method: .patch, headers: bearer(staff),
                                     body: body(["secret": NSNull()])) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "secret")
            }
            #expect(try await store.endpointTarget(id: standardID, at: Date())?.secrets.count == 1)
        }
        // A local imitation is accepted only by a server started to allow it.
        try await withRouter(store, endpointAddresses: .allowingLoopback) { client in
            try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": "jinzhai", "format": "feishu", "url": "http://127.0.0.1:9000/anything", "secret": "s3cret",
            ])) { response in
                #expect(response.status == .created)
            }
            try await client.execute(uri: "/api/v1/endpoints", method: .post, headers: bearer(staff), body: body([
                "station": "jinzhai", "format": "feishu", "url": "http://192.168.1.10/open-apis/bot/v2/hook/x",
            ])) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
        }
    }

    @Test func onlyStaffManageWebhooks() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, station) = try await keys(store)
        try await withRouter(store) { client in
            for (uri, method) in [("/api/v1/endpoints", HTTPRequest.Method.get), ("/api/v1/endpoints", .post), ("/api/v1/deliveries", .get),
                                  ("/api/v1/alerts", .get), ("/api/v1/deliveries/1/redeliver", .post)] {
                try await client.execute(uri: uri, method: method, headers: jsonHeaders, body: body("{}")) { try expectProblem($0, .unauthorized, "unauthorized") }
                try await client.execute(uri: uri, method: method, headers: bearer(station), body: body("{}")) { try expectProblem($0, .forbidden, "forbidden") }
            }
        }
    }

    @Test func deliveriesAreListedShownAndRedelivered() async throws {
        let store = try await Fixtures.shippedStore()
        let (staff, _) = try await keys(store)
        let endpoint = try await store.createEndpoint(NewEndpoint(
            station: "jinzhai", url: "http://127.0.0.1:9/hook", eventTypes: [], description: nil, secret: WebhookSecret.generate().text,
            actor: "test", at: Date()))
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { try json($0) }
            let requestID = try #require(created["id"] as? String)
            let page = try await client.execute(uri: "/api/v1/deliveries?request=\(requestID)&status=pending", method: .get, headers: bearer(staff)) { try json($0) }
            let deliveries = try #require(page["items"] as? [[String: Any]])
            #expect(deliveries.count == 1)
            #expect(deliveries.first?["event_type"] as? String == "request.assigned")
            #expect(deliveries.first?["endpoint"] as? String == endpoint.id)
            let id = try #require(deliveries.first?["id"] as? Int)
            let detail = try await client.execute(uri: "/api/v1/deliveries/\(id)", method: .get, headers: bearer(staff)) { try json($0) }
            #expect((detail["payload"] as? String)?.contains(requestID) == true)
            #expect(detail["attempts"] as? [Any] != nil)
            try await client.execute(uri: "/api/v1/deliveries?status=lost", method: .get, headers: bearer(staff)) {
                try expectProblem($0, .badRequest, "invalid_parameter")
            }
            try await client.execute(uri: "/api/v1/deliveries/abc", method: .get, headers: bearer(staff)) { try expectProblem($0, .notFound, "not_found") }
            try await client.execute(uri: "/api/v1/deliveries/999999/redeliver", method: .post, headers: bearer(staff)) {
                try expectProblem($0, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/endpoints/\(endpoint.id)/redeliver-failed", method: .post, headers: bearer(staff),
                                     body: body(["since": "yesterday"])) { try expectProblem($0, .badRequest, "validation_failed") }
            let none = try await client.execute(uri: "/api/v1/endpoints/\(endpoint.id)/redeliver-failed", method: .post, headers: bearer(staff),
                                                body: body(["since": "2026-01-01"])) { try json($0) }
            #expect(none["redelivered"] as? Int == 0)
            let alerts = try await client.execute(uri: "/api/v1/alerts", method: .get, headers: bearer(staff)) { try json($0) }
            #expect(alerts["total"] as? Int == 0)
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("onestop_webhook_queue_depth 1"))
                #expect(text.contains("# TYPE onestop_webhook_attempt_duration_seconds histogram"))
                #expect(text.contains("onestop_webhook_oldest_due_age_seconds"))
            }
        }
    }
}
