import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct RequestRouteTests {
    static let submission = """
        {"enterprise": {"name": "金寨县某茶业有限公司", "uscc": "91512081MA62K0260E", "region": "341524", "industry": "茶叶",
                        "contact_name": "张三", "phone": "+86 138-0000-1234", "email": "zs@example.org"},
         "service_code": "JZ-TEA-001", "description": "出口前需要做农残检测，约 20 批次。", "mode": "station"}
        """

    @Test func aSubmissionIsAnsweredWithItsIdAndTokenAndCanBeTracked() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(Self.submission)) { response in
                #expect(response.status == .created)
                return try json(response)
            }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            #expect(id.wholeMatch(of: try Regex(#"T-\d{8}-0001"#)) != nil)
            #expect(token.hasPrefix("trk_") && token.count >= 26)
            #expect(created["status"] as? String == "assigned")
            #expect((created["station"] as? [String: Any])?["id"] as? String == "jinzhai")
            #expect(created["acknowledge_by"] is String)

            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(token)", method: .get) { response in
                #expect(response.status == .ok)
                let view = try json(response)
                #expect(view["status"] as? String == "assigned")
                #expect(view["can_cancel"] as? Bool == true)
                #expect((view["timeline"] as? [[String: Any]])?.map { $0["status"] as? String } == ["submitted", "assigned"])
                #expect((view["station"] as? [String: Any])?["phone"] as? String == "0564-7010001")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)", method: .get, headers: [.trackingToken: token]) { response in
                #expect(response.status == .ok)
            }
            // No token, a wrong token and an unknown id are the same 404.
            var bodies: [String] = []
            for uri in ["/api/v1/requests/\(id)", "/api/v1/requests/\(id)?token=trk_wrong", "/api/v1/requests/T-20000101-0001?token=\(token)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let problem = try expectProblem(response, .notFound, "not_found")
                    bodies.append(problem["detail"] as? String ?? "")
                }
            }
            #expect(Set(bodies).count == 1)
        }
        #expect(try await store.serviceRequest(id: "T-\(Self.today())-0001")?.request.enterprise.phone == "13800001234")
    }

    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = WorkingCalendar.china.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d%02d%02d", parts.year!, parts.month!, parts.day!)
    }

    @Test func everyFieldErrorIsListedAndNothingIsStored() async throws {
        let store = try await Fixtures.shippedStore()
        let bad = """
            {"enterprise": {"name": "", "uscc": "91350100M000100Y4Z", "region": "999999", "contact_name": "李四", "phone": "12345"},
             "category_code": "nope", "description": "", "mode": "teleport"}
            """
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(bad)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                #expect(fields == ["enterprise.name", "enterprise.uscc", "enterprise.region", "enterprise.phone", "category_code", "description", "mode"])
                #expect((problem["detail"] as? String)?.contains("校验位") == true)
            }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders,
                                     body: body(#"{"enterprise": {"nickname": "x"}, "mode": "online"}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "enterprise.nickname")
            }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(#"{"description": 5}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "description")
            }
        }
        #expect(try await store.serviceRequest(id: "T-\(Self.today())-0001") == nil)
    }

    @Test func aRetryWithTheSameKeyGetsTheFirstAnswer() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            var headers = jsonHeaders
            headers[.idempotencyKey] = "retry-1"
            let first = try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers, body: body(Self.submission)) { try json($0) }
            let id = try #require(first["id"] as? String)
            // The station accepts in between; the retry still gets the answer as it first was.
            _ = try await store.transitionRequest(RequestChange(requestID: id, action: .accept, actor: .station("jinzhai"), actorName: "station:jinzhai",
                                                                at: Date(), acknowledgement: AcknowledgementPolicy(defaultDays: 0)))
            let second = try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers, body: body(Self.submission)) { response in
                #expect(response.status == .created)
                return try json(response)
            }
            for key in ["id", "tracking_token", "status", "acknowledge_by", "created_at"] {
                #expect(String(describing: first[key]) == String(describing: second[key]), "\(key)")
            }
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers,
                                     body: body(Self.submission.replacingOccurrences(of: "20 批次", with: "30 批次"))) { response in
                try expectProblem(response, .conflict, "conflict")
            }
            headers[.idempotencyKey] = "bad key with spaces"
            try await client.execute(uri: "/api/v1/requests", method: .post, headers: headers, body: body(Self.submission)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
        }
        #expect(try await store.serviceRequest(id: "T-\(Self.today())-0002") == nil)
    }

    @Test func theFirmCancelsWithItsTokenOnce() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(Self.submission)) { try json($0) }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            try await client.execute(uri: "/api/v1/requests/\(id)/cancel", method: .post) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)/cancel?token=\(token)", method: .post, headers: jsonHeaders,
                                     body: body(#"{"reason": "已自行解决"}"#)) { response in
                #expect(response.status == .ok)
                let view = try json(response)
                #expect(view["status"] as? String == "cancelled")
                #expect(view["can_cancel"] as? Bool == false)
                #expect((view["timeline"] as? [[String: Any]])?.last?["note"] as? String == "已自行解决")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)/cancel?token=\(token)", method: .post) { response in
                let problem = try expectProblem(response, .conflict, "conflict")
                #expect((problem["detail"] as? String)?.contains("cancelled") == true)
            }
        }
    }
}
