import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// A station names its caseworker and promises a day through the API; the firm reads both; nobody else
/// reads the station's list of caseworkers.
@Suite struct PromiseRouteTests {
    func fields(_ response: TestResponse) throws -> [String] {
        let problem = try expectProblem(response, .badRequest, "validation_failed")
        return (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    @Test func theStationNamesAndPromisesAndTheFirmSeesIt() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { try json($0) }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            let base = "/api/v1/station/requests/\(id)"
            let station = bearer(jinzhai)
            let tomorrow = WorkingCalendar.china.civilDay(of: Date()).adding(days: 40).description
            // A day of the station's own needs its reason; a malformed day and an unknown field are named.
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station, body: body(#"{"caseworker": "wu-xia", "promised_on": "\#(tomorrow)"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["reason"])
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station, body: body(#"{"caseworker": "wu-xia", "promised_on": "2026-02-30", "reason": "x"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["promised_on"])
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station, body: body(#"{"caseworker": "wu-xia", "promised_on": "2020-01-01", "reason": "x"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["promised_on"])
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station, body: body(#"{"caseworker": "wu-xia", "colour": "red"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["colour"])
            }
            try await client.execute(uri: "\(base)/reschedule", method: .post, headers: station, body: body(#"{"promised_on": "\#(tomorrow)", "reason": "x"}"#)) { response in
                try expectProblem(response, .conflict, "conflict")
            }
            try await client.execute(uri: "\(base)/accept", method: .post, headers: station,
                                     body: body(#"{"caseworker": "wu-xia", "promised_on": "\#(tomorrow)", "reason": "需外送省所检测"}"#)) { response in
                #expect(response.status == .ok)
                let view = try json(response)
                #expect(view["promised_on"] as? String == tomorrow)
                #expect((view["caseworker"] as? [String: Any])?["name"] as? String == "吴霞（样例）")
            }
            try await client.execute(uri: "\(base)/reschedule", method: .post, headers: station, body: body(#"{"promised_on": "\#(tomorrow)"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["reason"])
            }
            try await client.execute(uri: "\(base)/caseworker", method: .post, headers: station, body: body("{}")) { response in
                let named = try fields(response)
                #expect(named == ["caseworker"])
            }
            try await client.execute(uri: "\(base)/caseworker", method: .post, headers: station, body: body(#"{"caseworker": "hu-yan"}"#)) { response in
                // hu-yan follows requests at another station.
                let named = try fields(response)
                #expect(named == ["caseworker"])
            }
            try await client.execute(uri: "\(base)/caseworker", method: .post, headers: station, body: body(#"{"caseworker": "xu-tao", "note": "吴霞休假"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(token)", method: .get) { response in
                let view = try json(response)
                #expect((view["caseworker"] as? [String: Any])?["name"] as? String == "徐涛（样例）")
                #expect((view["caseworker"] as? [String: Any])?["phone"] as? String == "0564-7010003")
                #expect(view["promised_on"] as? String == tomorrow)
                let notes = (view["timeline"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
                #expect(notes.contains { $0.contains("需外送省所检测") })
                #expect(notes.contains { $0.contains("服务专员改为：徐涛（样例）") && $0.contains("吴霞休假") })
            }
            let page = try await client.execute(uri: "/track/\(id)?token=\(token)", method: .get) { String(buffer: $0.body) }
            #expect(page.contains(#"<strong id="caseworker" lang="zh-CN">徐涛（样例）</strong>"#))
            #expect(page.contains(#"href="tel:0564-7010003""#))
            // Staff find it by caseworker.
            try await client.execute(uri: "/api/v1/requests?station=jinzhai&caseworker=xu-tao", method: .get, headers: bearer(staff)) { response in
                let found = try items(response).map { $0["id"] as? String }
                #expect(found == [id])
            }
            try await client.execute(uri: "/api/v1/requests?caseworker=wu-xia", method: .get, headers: bearer(staff)) { response in
                let found = try items(response)
                #expect(found.isEmpty)
            }
            try await client.execute(uri: "/api/v1/requests?overdue=true", method: .get, headers: bearer(staff)) { response in
                let found = try items(response)
                #expect(found.isEmpty)
            }
            try await client.execute(uri: "/api/v1/requests?overdue=maybe", method: .get, headers: bearer(staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
        }
    }

    @Test func thePublicDirectoryDoesNotListCaseworkers() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            for uri in ["/api/v1/stations", "/api/v1/stations/jinzhai", "/stations/jinzhai"] {
                let text = try await client.execute(uri: uri, method: .get) { String(buffer: $0.body) }
                #expect(!text.contains("caseworkers") && !text.contains("吴霞"), "\(uri)")
            }
        }
        #expect(try await store.station(id: "jinzhai")?.caseworkers.count == 2)
    }
}
