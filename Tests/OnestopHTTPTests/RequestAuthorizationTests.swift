import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// Every request endpoint against every kind of caller.
@Suite struct RequestAuthorizationTests {
    struct Callers {
        var staff: String
        var revoked: String
        var ownStation: String
        var otherStation: String
        var id: String
        var token: String
    }

    func setUp(_ store: SQLiteStore, _ client: any TestClientProtocol) async throws -> Callers {
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let (revokedKey, revoked) = try await store.createKey(role: .staff, name: "old", station: nil, actor: "test")
        _ = try await store.revokeKey(id: revokedKey.id, actor: "test")
        let (_, own) = try await store.createKey(role: .station, name: "jinzhai desk", station: "jinzhai", actor: "test")
        let (_, other) = try await store.createKey(role: .station, name: "huoshan desk", station: "huoshan", actor: "test")
        let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { try json($0) }
        return Callers(staff: staff, revoked: revoked, ownStation: own, otherStation: other,
                       id: try #require(created["id"] as? String), token: try #require(created["tracking_token"] as? String))
    }

    enum Caller: CaseIterable {
        case anonymous, firmTokenAsBearer, ownStation, otherStation, staff, revoked
    }

    func headers(_ caller: Caller, _ callers: Callers) -> HTTPFields {
        switch caller {
        case .anonymous: return jsonHeaders
        case .firmTokenAsBearer: return bearer(callers.token)
        case .ownStation: return bearer(callers.ownStation)
        case .otherStation: return bearer(callers.otherStation)
        case .staff: return bearer(callers.staff)
        case .revoked: return bearer(callers.revoked)
        }
    }

    @Test func theMatrix() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let callers = try await setUp(store, client)
            let id = callers.id
            // (method, path, body, expected status per caller: anonymous, firm token as bearer, own station, other station, staff, revoked)
            let table: [(HTTPRequest.Method, String, String?, [HTTPResponse.Status])] = [
                (.get, "/api/v1/station/requests", nil, [.unauthorized, .unauthorized, .ok, .ok, .forbidden, .unauthorized]),
                (.get, "/api/v1/station/requests/\(id)", nil, [.unauthorized, .unauthorized, .ok, .notFound, .forbidden, .unauthorized]),
                (.post, "/api/v1/station/requests/\(id)/progress", #"{"note": "x"}"#, [.unauthorized, .unauthorized, .conflict, .notFound, .forbidden, .unauthorized]),
                (.get, "/api/v1/requests", nil, [.unauthorized, .unauthorized, .forbidden, .forbidden, .ok, .unauthorized]),
                (.get, "/api/v1/requests/\(id)", nil, [.notFound, .unauthorized, .ok, .notFound, .ok, .unauthorized]),
                (.get, "/api/v1/requests/\(id)/routing", nil, [.unauthorized, .unauthorized, .forbidden, .forbidden, .ok, .unauthorized]),
                // The own station's decline moves the request to the platform; staff reassign it back next.
                (.post, "/api/v1/station/requests/\(id)/decline", #"{"reason": "x"}"#, [.unauthorized, .unauthorized, .ok, .notFound, .forbidden, .unauthorized]),
                (.post, "/api/v1/requests/\(id)/reassign", #"{"station": "jinzhai", "reason": "x"}"#, [.unauthorized, .unauthorized, .forbidden, .forbidden, .ok, .unauthorized]),
                (.post, "/api/v1/requests/\(id)/cancel", nil, [.notFound, .notFound, .notFound, .notFound, .notFound, .notFound]),
                (.get, "/api/v1/stats?from=2020-01-01", nil, [.unauthorized, .unauthorized, .forbidden, .forbidden, .ok, .unauthorized]),
                (.post, "/api/v1/requests/\(id)/close", #"{"reason": "x"}"#, [.unauthorized, .unauthorized, .forbidden, .forbidden, nil, .unauthorized].map { $0 ?? .ok }),
            ]
            for (method, path, payload, expected) in table {
                for (caller, status) in zip(Caller.allCases, expected) {
                    // Closing would end the request the rows after it need; staff close it last, below.
                    if path.hasSuffix("/close") && caller == .staff { continue }
                    try await client.execute(uri: path, method: method, headers: headers(caller, callers), body: payload.map(body)) { response in
                        #expect(response.status == status, "\(method) \(path) as \(caller)")
                    }
                }
            }
            // The list a station sees holds its own requests only.
            try await client.execute(uri: "/api/v1/station/requests", method: .get, headers: bearer(callers.ownStation)) { response in
                let ids = try items(response).compactMap { $0["id"] as? String }
                #expect(ids == [id])
            }
            try await client.execute(uri: "/api/v1/station/requests", method: .get, headers: bearer(callers.otherStation)) { response in
                let found = try items(response)
                #expect(found.isEmpty)
            }
            // Staff close it last; then the firm sees the reason.
            try await client.execute(uri: "/api/v1/requests/\(id)/close", method: .post, headers: bearer(callers.staff), body: body(#"{"reason": "本市暂无机构可承接"}"#)) { response in
                let closed = try json(response)
                #expect(closed["status"] as? String == "unserviceable")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(callers.token)", method: .get) { response in
                let view = try json(response)
                #expect((view["timeline"] as? [[String: Any]])?.last?["note"] as? String == "本市暂无机构可承接")
            }
        }
    }

    @Test func aStationWorksItsRequestAndTheFirmSeesNoInternalNote() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let callers = try await setUp(store, client)
            let station = bearer(callers.ownStation)
            let base = "/api/v1/station/requests/\(callers.id)"
            try await client.execute(uri: "\(base)/complete", method: .post, headers: station, body: body(#"{"summary": "done"}"#)) { response in
                let problem = try expectProblem(response, .conflict, "conflict")
                #expect((problem["detail"] as? String)?.contains("assigned") == true)
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station) { response in
                // The station lists caseworkers: accepting names the one who follows the request.
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "caseworker")
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station, body: body(#"{"caseworker": "somebody-else"}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["detail"] as? String ?? "").isEmpty == false)
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station, body: body(#"{"caseworker": "wu-xia"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "\(base)/progress", method: .post, headers: station, body: body(#"{"note": "样品已收到"}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "\(base)/progress", method: .post, headers: station, body: body(#"{"note": "客户较急，优先安排", "internal": true}"#)) { #expect($0.status == .ok) }
            try await client.execute(uri: "\(base)/progress", method: .post, headers: station, body: body(#"{"note": ""}"#)) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
            try await client.execute(uri: "\(base)/complete", method: .post, headers: station, body: body(#"{"summary": "报告已出具"}"#)) { response in
                let done = try json(response)
                #expect(done["status"] as? String == "completed")
                #expect((done["timeline"] as? [[String: Any]])?.contains { $0["internal"] as? Bool == true } == true)
            }
            try await client.execute(uri: "/api/v1/requests/\(callers.id)", method: .get, headers: [.trackingToken: callers.token]) { response in
                let view = try json(response)
                let notes = (view["timeline"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
                // The acceptance tells the firm who follows the request and by when; internal notes stay out.
                #expect(notes.count == 3)
                #expect(notes.first?.hasPrefix("服务专员：吴霞（样例），电话 0564-7010002") == true)
                #expect(notes.first?.contains("承诺办结日期：") == true)
                #expect(Array(notes.dropFirst()) == ["样品已收到", "报告已出具"])
                #expect(view["can_cancel"] as? Bool == false)
                let caseworker = view["caseworker"] as? [String: Any]
                #expect(caseworker?["name"] as? String == "吴霞（样例）")
                #expect(caseworker?["phone"] as? String == "0564-7010002")
                #expect((view["promised_on"] as? String).flatMap(CivilDay.init) != nil)
                #expect(view["completed_at"] is String)
                #expect(view["overdue"] as? Bool == false)
            }
        }
    }

    @Test func aDeclinedRequestMovesOnAndTheDeclinerLosesIt() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let callers = try await setUp(store, client)
            try await client.execute(uri: "/api/v1/station/requests/\(callers.id)/decline", method: .post, headers: bearer(callers.ownStation)) { response in
                try expectProblem(response, .badRequest, "validation_failed")
            }
            try await client.execute(uri: "/api/v1/station/requests/\(callers.id)/decline", method: .post, headers: bearer(callers.ownStation),
                                     body: body(#"{"reason": "设备检修中"}"#)) { response in
                let declined = try json(response)
                #expect(declined["station"] as? String == "luan-platform")
                #expect(declined["declined_by"] as? [String] == ["jinzhai"])
            }
            try await client.execute(uri: "/api/v1/station/requests/\(callers.id)", method: .get, headers: bearer(callers.ownStation)) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/requests/\(callers.id)/routing", method: .get, headers: bearer(callers.staff)) { response in
                let decisions = try #require(try json(response)["decisions"] as? [[String: Any]])
                #expect(decisions.count == 2)
                #expect((decisions[0]["candidates"] as? [[String: Any]])?.first?["reason"] as? String == "与企业同一地区")
                #expect((decisions[1]["excluded"] as? [[String: Any]])?.first?["code"] as? String == "declined")
                #expect(decisions[1]["fallback"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/requests/\(callers.id)/reassign", method: .post, headers: bearer(callers.staff),
                                     body: body(#"{"station": "huoshan", "reason": "霍山站可承接"}"#)) { response in
                let moved = try json(response)
                #expect(moved["station"] as? String == "huoshan")
            }
            // "internal" that is not true or false is refused rather than read as false: the reason would reach the firm.
            try await client.execute(uri: "/api/v1/requests/\(callers.id)/reassign", method: .post, headers: bearer(callers.staff),
                                     body: body(#"{"station": "jinzhai", "reason": "内部原因", "internal": "true"}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["internal"])
            }
            try await client.execute(uri: "/api/v1/requests/\(callers.id)/reassign", method: .post, headers: bearer(callers.staff),
                                     body: body(#"{"station": "nowhere"}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect(Set((problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []) == ["station", "reason"])
            }
            try await client.execute(uri: "/api/v1/requests?station=huoshan&status=assigned&from=2020-01-01", method: .get, headers: bearer(callers.staff)) { response in
                let found = try items(response).compactMap { $0["id"] as? String }
                #expect(found == [callers.id])
            }
            try await client.execute(uri: "/api/v1/requests?region=341524&category=testing", method: .get, headers: bearer(callers.staff)) { response in
                let found = try items(response).compactMap { $0["id"] as? String }
                #expect(found == [callers.id])
            }
            try await client.execute(uri: "/api/v1/requests?category=metrology", method: .get, headers: bearer(callers.staff)) { response in
                let found = try items(response)
                #expect(found.isEmpty)
            }
            try await client.execute(uri: "/api/v1/requests?from=yesterday", method: .get, headers: bearer(callers.staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: bearer(callers.staff)) { response in
                let stats = try json(response)
                #expect(stats["total"] as? Int == 1)
                #expect(stats["declines_by_station"] as? [String: Int] == ["jinzhai": 1])
                #expect((stats["by_station"] as? [String: Int])?["huoshan"] == 1)
            }
            try await client.execute(uri: "/api/v1/stats?from=2026-12-01&to=2026-11-01", method: .get, headers: bearer(callers.staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
        }
    }
}
