import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Testing

/// The assessment figures through the API and the console, filtered by station and caseworker.
@Suite struct StatsRouteTests {
    @Test func staffReadTheAssessmentByStationAndCaseworker() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) {
                try json($0)
            }
            let id = try #require(created["id"] as? String)
            try await client.execute(uri: "/api/v1/station/requests/\(id)/accept", method: .post, headers: bearer(jinzhai),
                                     body: body(#"{"caseworker": "wu-xia"}"#)) { #expect($0.status == .ok) }

            try await client.execute(uri: "/api/v1/stats?station=jinzhai&caseworker=wu-xia", method: .get, headers: bearer(staff)) { response in
                #expect(response.status == .ok)
                let stats = try json(response)
                let assessment = try #require(stats["assessment"] as? [String: Any])
                let total = try #require(assessment["total"] as? [String: Any])
                #expect(total["received"] as? Int == 1)
                #expect(total["accepted_on_time"] as? Int == 1)
                #expect(total["accepted_on_time_rate"] as? Double == 1)
                #expect(total["completed_by_promise_rate"] is NSNull)
                let station = try #require((assessment["by_station"] as? [[String: Any]])?.first)
                #expect(station["key"] as? String == "jinzhai")
                #expect(station["name"] as? String == "金寨县一站式质量服务站")
                let caseworker = try #require((assessment["by_caseworker"] as? [[String: Any]])?.first)
                #expect(caseworker["key"] as? String == "wu-xia" && caseworker["station"] as? String == "jinzhai")
                #expect(caseworker["name"] as? String == "吴霞（样例）")
                #expect((assessment["by_county"] as? [[String: Any]])?.first?["key"] as? String == "341524")
            }
            try await client.execute(uri: "/api/v1/stats?caseworker=xu-tao", method: .get, headers: bearer(staff)) { response in
                let stats = try json(response)
                #expect(stats["total"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/stats?station=nowhere", method: .get, headers: bearer(staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
            for empty in ["station=", "caseworker="] {
                try await client.execute(uri: "/api/v1/stats?" + empty, method: .get, headers: bearer(staff)) { response in
                    try expectProblem(response, .badRequest, "invalid_parameter")
                }
            }
            try await client.execute(uri: "/api/v1/stats?caseworker=" + String(repeating: "x", count: 41), method: .get, headers: bearer(staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
            try await client.execute(uri: "/api/v1/stats", method: .get, headers: bearer(jinzhai)) { response in
                try expectProblem(response, .forbidden, "forbidden")
            }

            let browser = try await ConsoleBrowser.signIn(client, key: staff)
            let (status, page) = try await browser.get("/console/stats?station=jinzhai")
            #expect(status == .ok)
            #expect(page.contains(#"<option value="jinzhai" selected>"#))
            #expect(page.contains(#"<table id="assessment-station">"#))
            #expect(page.contains(#"<tr><th scope="row">金寨县一站式质量服务站</th><td>1</td><td>1</td><td>100.0%（1/1）</td>"#))
            #expect(page.contains(#"<th scope="row">吴霞（样例）（金寨县一站式质量服务站）</th>"#))
            #expect(page.contains(#"<title id="on-time-title">按时受理率（按服务站）</title>"#))
            #expect(page.contains("金寨县一站式质量服务站 100%"))
            #expect(page.contains(#"<option value="xu-tao">"#))
            let (_, unknown) = try await browser.get("/console/stats?station=nowhere")
            #expect(unknown.contains("没有这个服务站：nowhere"))
        }
    }
}
