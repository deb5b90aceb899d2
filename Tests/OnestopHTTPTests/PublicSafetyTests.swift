import Foundation
import HTTPTypes
import Hummingbird
import OnestopDelivery
import HummingbirdTesting
import OnestopDomain
import OnestopHTTP
import OnestopStore
import OnestopTestSupport
import Testing

/// Issue 14: what an attacker on the public internet tries, through the router.
@Suite struct PublicSafetyTests {
    static func submission(name: String = "金寨县某茶业有限公司", description: String = "出口前需要做农残检测。",
                           uscc: String = "91512081MA62K0260E", phone: String = "13800001234") throws -> ByteBuffer {
        // Sorted keys: the same submission is the same bytes every time, as a client's retry is.
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: [
            "enterprise": ["name": name, "uscc": uscc, "region": "341524", "contact_name": "张三", "phone": phone],
            "service_code": "JZ-TEA-001", "description": description, "mode": "station",
        ] as [String: Any], options: .sortedKeys))
    }

    @Test func aNameOfStackedCombiningAccentsIsRefusedAndNothingIsStored() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let stacked = "A" + String(repeating: "\u{0301}", count: 300_000)
            let problem = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: Self.submission(name: stacked)) {
                try expectProblem($0, .badRequest, "validation_failed")
            }
            let errors = try #require(problem["errors"] as? [[String: Any]])
            #expect(errors.map { $0["field"] as? String } == ["enterprise.name"])
            #expect((errors.first?["message_en"] as? String)?.contains("bytes") == true)
            // 101 scalars that Swift counts as 51 characters: over the 100 allowed.
            let fiftyOne = String(repeating: "e\u{0301}\u{0302}", count: 1) + String(repeating: "茶", count: 50) + String(repeating: "\u{0301}", count: 49)
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: Self.submission(name: fiftyOne)) {
                let problem = try expectProblem($0, .badRequest, "validation_failed")
                #expect((problem["detail"] as? String)?.contains("enterprise.name") == true)
            }
        }
        #expect(try await store.serviceRequests(RequestQuery()).total == 0)
    }

    @Test(arguments: [
        ("name", "某公司\u{1B}[2J"), ("name", "某公司\u{202E}司公"), ("name", "某\n公司"), ("phone", "138\u{0}00001234"),
        ("phone", "13800001234\u{2066}"), ("description", "第一行\u{1B}]0;x\u{07}"), ("description", "说明\u{202D}"),
    ])
    func controlAndBidiCharactersAreRefusedByField(field: String, value: String) async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let payload = try field == "name" ? Self.submission(name: value) : field == "phone" ? Self.submission(phone: value) : Self.submission(description: value)
            let problem = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: payload) {
                try expectProblem($0, .badRequest, "validation_failed")
            }
            let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields == [field == "description" ? "description" : "enterprise.\(field)"])
        }
        #expect(try await store.serviceRequests(RequestQuery()).total == 0)
    }

    @Test func aDescriptionKeepsItsLinesAndIsStoredInNFC() async throws {
        let store = try await Fixtures.shippedStore()
        let id = try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders,
                                     body: Self.submission(name: "Cafe\u{0301} 茶业", description: "第一行\r\n\t第二行")) { response in
                #expect(response.status == .created)
                return try #require(try json(response)["id"] as? String)
            }
        }
        let stored = try #require(try await store.serviceRequest(id: id)).request
        #expect(stored.enterprise.name == "Caf\u{E9} 茶业")
        #expect(stored.description == "第一行\n\t第二行")
    }

    @Test func notesAndReasonsAreHeldToTheSameRules() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let (_, station) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
            let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: Self.submission()) { try json($0) }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            let long = String(repeating: "\u{0301}", count: 2_001)
            for (uri, key, payload, field) in [
                ("/api/v1/station/requests/\(id)/decline", station, ["reason": "不在\u{1B}[31m本站"], "reason"),
                ("/api/v1/station/requests/\(id)/accept", station, ["note": long], "note"),
                ("/api/v1/requests/\(id)/reassign", staff, ["station": "huoshan", "reason": "内部\u{202E}原因"], "reason"),
                ("/api/v1/requests/\(id)/close", staff, ["reason": "\u{7F}"], "reason"),
            ] {
                try await client.execute(uri: uri, method: .post, headers: bearer(key), body: body(payload)) { response in
                    let problem = try expectProblem(response, .badRequest, "validation_failed")
                    #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == field, "\(uri)")
                }
            }
            try await client.execute(uri: "/api/v1/requests/\(id)/cancel?token=\(token)", method: .post, headers: jsonHeaders,
                                     body: body(["reason": "撤回\u{1B}c"])) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
            try await client.execute(uri: "/api/v1/services?q=\(percentEncoded("计量\u{1B}"))", method: .get) { response in
                let problem = try expectProblem(response, .badRequest, "invalid_parameter")
                #expect(problem["parameter"] as? String == "q")
            }
        }
        let history = try #require(try await store.requestHistory(id: "T-\(RequestRouteTests.today())-0001"))
        #expect(history.stored.request.status == .assigned)
        #expect(history.timeline.count == 2, "nothing was written by the refused actions")
    }

    @Test func formsFromAnotherSiteAreRefusedWithAPageThatSaysWhy() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let fields = form(RequestPageTests.filled())
            for extra: HTTPFields in [[.secFetchSite: "cross-site"], [.secFetchSite: "same-site"], [.origin: "https://evil.example"], [.origin: "null"]] {
                var headers = formHeaders
                headers.append(contentsOf: extra)
                try await client.execute(uri: "/requests/new", method: .post, headers: headers, body: fields) { response in
                    #expect(response.status == .forbidden)
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(String(buffer: response.body).contains("另一个网站"))
                }
                try await client.execute(uri: "/track/T-20260101-0001/cancel", method: .post, headers: headers, body: form([("token", "x")])) { response in
                    #expect(response.status == .forbidden)
                }
            }
            #expect(try await store.serviceRequests(RequestQuery()).total == 0)
            // The platform's own pages: the browser says same-origin, or (older browsers) the Origin is this host.
            for extra: HTTPFields in [[.secFetchSite: "same-origin"], [.origin: "http://localhost"]] {
                var headers = formHeaders
                headers.append(contentsOf: extra)
                try await client.execute(uri: "/requests/new", method: .post, headers: headers,
                                         body: form(RequestPageTests.filled(formID: TrackingTokens.randomNonce()))) { response in
                    #expect(response.status == .seeOther)
                }
            }
            // The JSON API is for programs and stays as it was.
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: [.contentType: "application/json", .secFetchSite: "cross-site"],
                                     body: Self.submission()) { response in
                #expect(response.status == .created)
            }
        }
        #expect(try await store.serviceRequests(RequestQuery()).total == 3)
    }

    @Test func internalNotesReachOnlyStaffAndTheStationThatWroteThem() async throws {
        let store = try await Fixtures.shippedStore()
        // Nothing is sent (no worker runs); the outbox keeps each body as it would be sent.
        for station in ["jinzhai", "huoshan"] {
            _ = try await store.createEndpoint(NewEndpoint(station: station, url: "https://\(station).example.cn/hook", eventTypes: [], description: nil,
                                                           secret: WebhookSecret.generate().text, actor: "test", at: Date()))
        }
        try await withRouter(store) { client in
            let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
            let (_, huoshan) = try await store.createKey(role: .station, name: "霍山站", station: "huoshan", actor: "test")
            let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: Self.submission()) { try json($0) }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            try await client.execute(uri: "/api/v1/station/requests/\(id)/accept", method: .post, headers: bearer(jinzhai), body: body(#"{"caseworker": "wu-xia"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/station/requests/\(id)/progress", method: .post, headers: bearer(jinzhai),
                                     body: body(["note": "金寨站内部：样品待复核", "internal": true])) { response in
                let notes = (try json(response)["timeline"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
                #expect(notes.contains("金寨站内部：样品待复核"), "the station that wrote it sees it")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)/reassign", method: .post, headers: bearer(staff),
                                     body: body(["station": "huoshan", "reason": "金寨站内部考核不合格", "internal": true])) { response in
                let notes = (try json(response)["timeline"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
                #expect(notes.contains("金寨站内部考核不合格") && notes.contains("金寨站内部：样品待复核"), "staff see every note")
            }
            func notes(_ uri: String, _ headers: HTTPFields) async throws -> [String] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .ok, "\(uri)")
                    return (try json(response)["timeline"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
                }
            }
            let newStation = try await notes("/api/v1/station/requests/\(id)", bearer(huoshan))
            let newStationTrack = try await notes("/api/v1/requests/\(id)", bearer(huoshan))
            let firm = try await notes("/api/v1/requests/\(id)?token=\(token)", jsonHeaders)
            for seen in [newStation, newStationTrack, firm] {
                #expect(!seen.contains("金寨站内部考核不合格"))
                #expect(!seen.contains("金寨站内部：样品待复核"))
            }
            #expect(try await notes("/api/v1/requests/\(id)", bearer(staff)).contains("金寨站内部考核不合格"))
        }
        let outbox = try await store.deliveries(DeliveryQuery(page: PageRequest(page: 1, perPage: 100))).items
        let bodies = try await outbox.asyncMap { try await store.delivery(id: $0.id)?.payload ?? "" }
        #expect(bodies.count >= 3, "assigned to jinzhai, withdrawn from it, assigned to huoshan")
        for body in bodies { #expect(!body.contains("内部")) }
    }

    @Test func anIdempotencyKeyFromAnotherFirmIsAnotherKey() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            var headers = jsonHeaders
            headers[.idempotencyKey] = "7f3c2a"
            let first = try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers, body: Self.submission()) { response in
                #expect(response.status == .created)
                return try json(response)
            }
            let other = try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers,
                                                 body: Self.submission(name: "霍山县某公司", uscc: "91341500MA0000000H")) { response in
                #expect(response.status == .created, "another firm's copy of the README's key is its own key")
                return try json(response)
            }
            #expect(first["id"] as? String != other["id"] as? String)
            #expect(first["tracking_token"] as? String != other["tracking_token"] as? String)
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers, body: Self.submission()) { response in
                #expect(response.status == .created)
                let again = try json(response)
                #expect(again["tracking_token"] as? String == first["tracking_token"] as? String, "the first firm's retry")
            }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers, body: Self.submission(description: "另一份")) { response in
                try expectProblem(response, .conflict, "conflict")
            }
        }
        #expect(try await store.serviceRequests(RequestQuery()).total == 2)
    }
}

extension HTTPField.Name {
    fileprivate static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
