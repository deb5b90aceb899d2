import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct MaintenanceRouteTests {
    static func newStation() -> [String: Any] { [
        "id": "gamma", "name": "丙站", "kind": "park", "region": "100001", "address": "丙路 3 号",
        "phone": "+86 139 0000 1111", "modes": ["online", "station"], "capacity": 5,
        "hours": [["days": ["mon", "tue"], "opens": "09:00", "closes": "17:00"]],
    ] }

    func staffStore() async throws -> (SQLiteStore, String) {
        let store = try SQLiteStore.inMemory()
        _ = try await store.apply(CatalogChanges.replacing(Catalog(), with: Fixtures.smallCatalog()), actor: "test", dryRun: false)
        let (_, token) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        return (store, token)
    }

    @Test func keysAreRequiredAndMustBeStaff() async throws {
        let (store, staff) = try await staffStore()
        let (revokedKey, revoked) = try await store.createKey(role: .staff, name: "old", station: nil, actor: "test")
        _ = try await store.revokeKey(id: revokedKey.id, actor: "test")
        let (_, station) = try await store.createKey(role: .station, name: "alpha desk", station: "alpha", actor: "test")
        let payload = try body(Self.newStation())
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: jsonHeaders, body: payload) { response in
                try expectProblem(response, .unauthorized, "unauthorized")
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            for token in [revoked, "ost_not-a-real-token", staff + "x"] {
                try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(token), body: payload) { response in
                    try expectProblem(response, .unauthorized, "unauthorized")
                }
            }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: [.authorization: "Basic abc"]) { response in
                try expectProblem(response, .unauthorized, "unauthorized")
            }
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(station), body: payload) { response in
                try expectProblem(response, .forbidden, "forbidden")
            }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: bearer(station)) { response in
                try expectProblem(response, .forbidden, "forbidden")
            }
        }
        #expect(try await store.station(id: "gamma") == nil)
    }

    @Test func createUpdateAndRetireAStation() async throws {
        let (store, staff) = try await staffStore()
        let payload = try body(Self.newStation())
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: payload) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/v1/stations/gamma")
                let created = try json(response)
                #expect(created["status"] as? String == "active")
            }
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: payload) { response in
                try expectProblem(response, .conflict, "conflict")
            }
            try await client.execute(uri: "/api/v1/stations/gamma", method: .patch, headers: bearer(staff), body: body(#"{"capacity": 8, "industries": ["茶叶"]}"#)) { response in
                #expect(response.status == .ok)
                let updated = try json(response)
                #expect(updated["capacity"] as? Int == 8)
            }
            try await client.execute(uri: "/api/v1/stations/gamma", method: .patch, headers: bearer(staff), body: body(#"{"id": "delta"}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "id")
            }
            try await client.execute(uri: "/api/v1/stations/gamma/retire", method: .post, headers: bearer(staff)) { response in
                let retired = try json(response)
                #expect(retired["status"] as? String == "retired")
            }
            try await client.execute(uri: "/api/v1/stations/nope/retire", method: .post, headers: bearer(staff)) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/audit?entity=station&entity_id=gamma", method: .get, headers: bearer(staff)) { response in
                let entries = try items(response)
                #expect(entries.map { $0["action"] as? String } == ["retire", "update", "create"])
                #expect(entries.allSatisfy { ($0["actor"] as? String)?.hasPrefix("staff:ops") == true })
                let update = try #require(entries[1]["changes"] as? [[String: Any]])
                #expect(update.contains { $0["field"] as? String == "capacity" && $0["old"] as? String == "5" && $0["new"] as? String == "8" })
            }
        }
        #expect(try await store.station(id: "gamma")?.phone == "+86 139 0000 1111")
    }

    @Test func everyInvalidFieldIsListedAtOnce() async throws {
        let (store, staff) = try await staffStore()
        var station = Self.newStation()
        station["phone"] = "123"
        station["region"] = "999999"
        station["capacity"] = 0
        station["hours"] = [["days": ["mon"], "opens": "18:00", "closes": "09:00"]]
        var missing = Self.newStation()
        missing.removeValue(forKey: "name")
        var wrongType = Self.newStation()
        wrongType["capacity"] = "five"
        let (invalidBody, missingBody, wrongTypeBody) = (try body(station), try body(missing), try body(wrongType))
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: invalidBody) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                let fields = try #require(problem["errors"] as? [[String: Any]]).compactMap { $0["field"] as? String }
                #expect(Set(fields) == ["phone", "region", "capacity", "hours[0]"])
                let detail = try #require(problem["detail"] as? String)
                #expect(detail.contains("电话号码格式不正确") && detail.contains("not a valid phone number"))
            }
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: missingBody) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "name")
            }
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: wrongTypeBody) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "capacity")
            }
        }
        #expect(try await store.station(id: "gamma") == nil)
        #expect(try await store.auditEntries(AuditQuery(entity: .station)).total == 2)
    }

    @Test func malformedBodies() async throws {
        let (store, staff) = try await staffStore()
        var unknown = Self.newStation()
        unknown["colour"] = "blue"
        let (unknownBody, stationBody) = (try body(unknown), try body(Self.newStation()))
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: body("{\"id\": ")) { response in
                try expectProblem(response, .badRequest, "malformed_json")
            }
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: body("[1, 2]")) { response in
                try expectProblem(response, .badRequest, "malformed_json")
            }
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: bearer(staff), body: unknownBody) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "colour")
            }
            var headers = bearer(staff)
            headers[.contentType] = "text/plain"
            try await client.execute(uri: "/api/v1/stations", method: .post, headers: headers, body: stationBody) { response in
                try expectProblem(response, .unsupportedMediaType, "unsupported_media_type")
            }
            let huge = "{\"description\": \"" + String(repeating: "长", count: 400_000) + "\"}"
            try await client.execute(uri: "/api/v1/services/A-NAME", method: .patch, headers: bearer(staff), body: body(huge)) { response in
                try expectProblem(response, .contentTooLarge, "body_too_large")
            }
        }
        #expect(try await store.service(code: "A-NAME")?.service.description == "普通服务。")
    }

    @Test func createUpdateAndRetireAService() async throws {
        let (store, staff) = try await staffStore()
        let service: [String: Any] = [
            "code": "E-NEW", "station": "alpha", "category": "metrology.pressure", "name": "安全阀校验",
            "description": "锅炉安全阀整定压力校验。", "fee": ["free": false, "description": "每只 100 元", "min_cny": 100, "max_cny": 100, "charged_by": "样例计量所"],
            "modes": ["station"], "keywords": ["安全阀"],
        ]
        let serviceBody = try body(service)
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/services", method: .post, headers: bearer(staff), body: serviceBody) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/v1/services/E-NEW")
                let created = try json(response)
                #expect((created["station"] as? [String: Any])?["name"] as? String == "甲站")
                #expect((created["accreditations"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/services?q=\(percentEncoded("安全阀"))", method: .get) { response in
                let found = try codes(response)
                #expect(found == ["E-NEW"])
            }
            try await client.execute(uri: "/api/v1/services/E-NEW", method: .patch, headers: bearer(staff), body: body(#"{"modes": ["onsite"], "category": "nope"}"#)) { response in
                let problem = try expectProblem(response, .badRequest, "validation_failed")
                let fields = (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                #expect(Set(fields ?? []) == ["modes", "category"])
            }
            try await client.execute(uri: "/api/v1/services/E-NEW", method: .patch, headers: bearer(staff), body: body(#"{"name": "安全阀定压校验", "turnaround_days": 2}"#)) { response in
                #expect(response.status == .ok)
                let updated = try json(response)
                #expect(updated["turnaround_days"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/services?q=\(percentEncoded("定压"))", method: .get) { response in
                let found = try codes(response)
                #expect(found == ["E-NEW"])
            }
            try await client.execute(uri: "/api/v1/services/E-NEW/retire", method: .post, headers: bearer(staff)) { response in
                let retired = try json(response)
                #expect(retired["status"] as? String == "retired")
            }
            try await client.execute(uri: "/api/v1/services?q=\(percentEncoded("安全阀"))", method: .get) { response in
                let found = try codes(response)
                #expect(found.isEmpty)
            }
            try await client.execute(uri: "/api/v1/services/E-NEW", method: .get) { response in
                let service = try json(response)
                #expect(service["status"] as? String == "retired")
            }
            try await client.execute(uri: "/api/v1/services/NOPE-9", method: .patch, headers: bearer(staff), body: body("{}")) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/audit?entity=service&per_page=2", method: .get, headers: bearer(staff)) { response in
                let page = try json(response)
                #expect(page["per_page"] as? Int == 2)
                #expect((page["total"] as? Int ?? 0) >= 7)
                #expect(try items(response).first?["entity_id"] as? String == "E-NEW")
            }
        }
    }
}
