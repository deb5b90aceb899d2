import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// 好差评 through the API: the firm rates once with its token, the station follows a bad review up and
/// may appeal, staff call the firm back and decide the appeal; every wrong step a clear 4xx that stores nothing.
@Suite struct EvaluationRouteTests {
    func fields(_ response: TestResponse) throws -> [String] {
        let problem = try expectProblem(response, .badRequest, "validation_failed")
        return (problem["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
    }

    func evaluation(_ view: [String: Any]) -> [String: Any]? { view["evaluation"] as? [String: Any] }

    @Test func aBadReviewsWholePath() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        let (_, huoshan) = try await store.createKey(role: .station, name: "霍山站", station: "huoshan", actor: "test")
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { try json($0) }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            let evaluate = "/api/v1/requests/\(id)/evaluation?token=\(token)"
            let rating = #"{"overall": "dissatisfied", "efficiency": "very_dissatisfied", "attitude": "satisfied", "comment": "报告晚了一周"}"#
            // Not before the request is completed.
            try await client.execute(uri: evaluate, method: .post, headers: jsonHeaders, body: body(rating)) { response in
                let problem = try expectProblem(response, .conflict, "conflict")
                #expect((problem["detail"] as? String)?.contains("办结后才能评价") == true)
            }
            let station = "/api/v1/station/requests/\(id)"
            try await client.execute(uri: "\(station)/accept", method: .post, headers: bearer(jinzhai), body: body(#"{"caseworker": "wu-xia"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "\(station)/complete", method: .post, headers: bearer(jinzhai), body: body(#"{"summary": "已出具检测报告"}"#)) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(token)", method: .get) { response in
                let view = try json(response)
                #expect(view["evaluate_by"] is String && view["evaluation"] == nil)
            }
            // A wrong token is the same 404 as an unknown request.
            try await client.execute(uri: "/api/v1/requests/\(id)/evaluation?token=trk_wrong", method: .post, headers: jsonHeaders, body: body(rating)) {
                _ = try expectProblem($0, .notFound, "not_found")
            }
            // Every wrong field is named, and nothing is stored.
            let long = String(repeating: "慢", count: 501)
            try await client.execute(uri: evaluate, method: .post, headers: jsonHeaders,
                                     body: body(#"{"overall": "great", "efficiency": 3, "proficiency": "satisfied", "comment": "\#(long)"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["overall", "efficiency", "comment"])
            }
            try await client.execute(uri: evaluate, method: .post, headers: jsonHeaders, body: body(#"{"comment": "没选等级"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["overall"])
            }
            try await client.execute(uri: evaluate, method: .post, headers: jsonHeaders, body: body(#"{"overall": "satisfied", "stars": 5}"#)) { response in
                let named = try fields(response)
                #expect(named == ["stars"])
            }
            #expect(try await store.evaluation(ofRequest: id) == nil)

            try await client.execute(uri: evaluate, method: .post, headers: jsonHeaders, body: body(rating)) { response in
                #expect(response.status == .created)
                let view = try json(response)
                let given = try #require(evaluation(view))
                #expect((given["ratings"] as? [String: Any]).flatMap { $0["overall"] as? [String: Any] }?["name"] as? String == "不满意")
                #expect(given["comment"] as? String == "报告晚了一周")
                #expect((given["follow_up"] as? [String: Any])?["due_at"] is String)
                #expect(view["evaluate_by"] == nil)
            }
            // 一事一评: final once sent.
            try await client.execute(uri: evaluate, method: .post, headers: jsonHeaders, body: body(#"{"overall": "very_satisfied"}"#)) { response in
                let problem = try expectProblem(response, .conflict, "conflict")
                #expect((problem["detail"] as? String)?.contains("已评价") == true)
            }
            #expect(try await store.evaluation(ofRequest: id)?.ratings.overall == .dissatisfied)

            // The station that served reads the comment as written; another station finds nothing.
            try await client.execute(uri: station, method: .get, headers: bearer(jinzhai)) { response in
                let given = try #require(evaluation(try json(response)))
                #expect(given["comment"] as? String == "报告晚了一周" && given["bad_review"] as? Bool == true && given["counts"] as? Bool == true)
            }
            try await client.execute(uri: "\(station)/follow-up", method: .post, headers: bearer(huoshan), body: body(#"{"answer": "x"}"#)) {
                _ = try expectProblem($0, .notFound, "not_found")
            }
            try await client.execute(uri: "\(station)/follow-up", method: .post, headers: bearer(jinzhai), body: body("{}")) { response in
                let named = try fields(response)
                #expect(named == ["answer"])
            }
            try await client.execute(uri: "\(station)/follow-up", method: .post, headers: bearer(jinzhai), body: body(#"{"answer": "x", "reason": "y"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["reason"])
            }
            try await client.execute(uri: "\(station)/follow-up", method: .post, headers: bearer(jinzhai),
                                     body: body(#"{"answer": "已调整检测排期，报告 3 个工作日内出具"}"#)) { response in
                #expect(response.status == .ok)
                let followUp = evaluation(try json(response))?["follow_up"] as? [String: Any]
                #expect(followUp?["answered_on_time"] as? Bool == true)
            }
            try await client.execute(uri: "\(station)/follow-up", method: .post, headers: bearer(jinzhai), body: body(#"{"answer": "again"}"#)) {
                _ = try expectProblem($0, .conflict, "conflict")
            }
            // The firm sees the station's answer, and not what follows between the station and the platform.
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(token)", method: .get) { response in
                let view = try json(response)
                let followUp = evaluation(view)?["follow_up"] as? [String: Any]
                #expect(followUp?["answer"] as? String == "已调整检测排期，报告 3 个工作日内出具")
                #expect(evaluation(view)?["appeal"] == nil)
            }

            // The callback is staff's: a station key is refused, a wrong body named.
            let callback = "/api/v1/requests/\(id)/callback"
            try await client.execute(uri: callback, method: .post, headers: bearer(jinzhai), body: body(#"{"reached": true, "note": "x"}"#)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: callback, method: .post, headers: bearer(staff), body: body(#"{"reached": "yes"}"#)) { response in
                let named = try fields(response)
                #expect(named == ["reached", "note"])
            }
            try await client.execute(uri: callback, method: .post, headers: bearer(staff), body: body(#"{"reached": true, "note": "企业表示认可"}"#)) { response in
                #expect(response.status == .ok)
                let back = (evaluation(try json(response))?["follow_up"] as? [String: Any])?["callback"] as? [String: Any]
                #expect(back?["reached"] as? Bool == true && (back?["by"] as? String)?.hasPrefix("staff:ops (") == true)
            }

            // An appeal, decided by staff: set aside, kept, and no longer counted.
            try await client.execute(uri: "\(station)/appeal", method: .post, headers: bearer(jinzhai), body: body(#"{"reason": "企业误选等级"}"#)) {
                #expect($0.status == .ok)
            }
            let review = "/api/v1/requests/\(id)/appeal-review"
            try await client.execute(uri: review, method: .post, headers: bearer(staff), body: body(#"{"decision": "maybe", "reason": ""}"#)) { response in
                let named = try fields(response)
                #expect(named == ["decision", "reason"])
            }
            try await client.execute(uri: review, method: .post, headers: bearer(staff), body: body(#"{"decision": "set_aside", "reason": "电话核实，企业确认误选"}"#)) { response in
                #expect(response.status == .ok)
                let given = try #require(evaluation(try json(response)))
                #expect(given["counts"] as? Bool == false && given["bad_review"] as? Bool == false)
                #expect((given["appeal"] as? [String: Any])?["decision"] as? String == "set_aside")
            }
            try await client.execute(uri: review, method: .post, headers: bearer(staff), body: body(#"{"decision": "upheld", "reason": "x"}"#)) {
                _ = try expectProblem($0, .conflict, "conflict")
            }
        }
    }

    @Test func evaluationIsRefusedForACancelledRequest() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { try json($0) }
            let id = try #require(created["id"] as? String)
            let token = try #require(created["tracking_token"] as? String)
            try await client.execute(uri: "/api/v1/requests/\(id)/cancel?token=\(token)", method: .post) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/requests/\(id)/evaluation?token=\(token)", method: .post, headers: jsonHeaders,
                                     body: body(#"{"overall": "satisfied"}"#)) {
                _ = try expectProblem($0, .conflict, "conflict")
            }
            try await client.execute(uri: "/api/v1/requests/\(id)?token=\(token)", method: .get) { response in
                let view = try json(response)
                #expect(view["evaluate_by"] == nil)
            }
        }
    }
}
