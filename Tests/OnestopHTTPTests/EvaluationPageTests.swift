import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// 好差评 on the pages: the tracking page asks for the evaluation without suggesting a level, names what is
/// missing, and then shows it with the station's answer; the console shows it to the station and to staff
/// with the forms each may use.
@Suite struct EvaluationPageTests {
    /// A request jinzhai accepted and completed through the API, with its tracking token.
    func completed(_ client: any TestClientProtocol, station key: String) async throws -> (id: String, token: String) {
        let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(RequestRouteTests.submission)) { try json($0) }
        let id = try #require(created["id"] as? String)
        let token = try #require(created["tracking_token"] as? String)
        for (action, text) in [("accept", #"{"caseworker": "wu-xia"}"#), ("complete", #"{"summary": "已出具检测报告"}"#)] {
            try await client.execute(uri: "/api/v1/station/requests/\(id)/\(action)", method: .post, headers: bearer(key), body: body(text)) {
                #expect($0.status == .ok)
            }
        }
        return (id, token)
    }

    @Test func theTrackingPageAsksPlainlyAndShowsTheAnswer() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let (id, token) = try await completed(client, station: jinzhai)
            let page = try await client.execute(uri: "/track/\(id)?token=\(token)", method: .get) { String(buffer: $0.body) }
            #expect(page.contains(#"action="/track/\#(id)/evaluation""#))
            #expect(page.contains("请评价本次服务") && page.contains("提交后不能修改"))
            // Five levels for each of the four indicators, and none chosen for the firm.
            #expect(page.components(separatedBy: #"type="radio""#).count - 1 == 20)
            #expect(!page.contains(" checked"))
            for name in ["整体满意度", "服务效率", "服务水平", "服务态度", "非常满意", "基本满意", "非常不满意"] { #expect(page.contains(name), "\(name)") }

            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            // Without the overall level: said plainly, the other choices kept.
            let missing = try await client.execute(uri: "/track/\(id)/evaluation", method: .post, headers: headers,
                                                   body: form([("token", token), ("attitude", "satisfied"), ("comment", "还可以")])) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(missing.0 == .unprocessableContent)
            #expect(missing.1.contains("请选择整体满意度"))
            #expect(missing.1.contains(#"value="satisfied" checked"#) && missing.1.contains("还可以</textarea>"))
            #expect(try await store.evaluation(ofRequest: id) == nil)
            // A level that does not exist, and a wrong token.
            let unknown = try await client.execute(uri: "/track/\(id)/evaluation", method: .post, headers: headers,
                                                   body: form([("token", token), ("overall", "superb")])) { $0.status }
            #expect(unknown == .unprocessableContent)
            let stranger = try await client.execute(uri: "/track/\(id)/evaluation", method: .post, headers: headers,
                                                    body: form([("token", "trk_wrong"), ("overall", "satisfied")])) { $0.status }
            #expect(stranger == .notFound)
            #expect(try await store.evaluation(ofRequest: id) == nil)

            let sent = try await client.execute(uri: "/track/\(id)/evaluation", method: .post, headers: headers,
                                                body: form([("token", token), ("overall", "very_dissatisfied"), ("efficiency", "dissatisfied"),
                                                            ("comment", "<b>报告晚了</b>")])) { ($0.status, $0.headers[.location]) }
            #expect(sent.0 == .seeOther)
            let after = try await client.execute(uri: try #require(sent.1), method: .get) { String(buffer: $0.body) }
            #expect(after.contains(#"<dl id="evaluation">"#) && after.contains("非常不满意"))
            #expect(after.contains("&lt;b&gt;报告晚了&lt;/b&gt;") && !after.contains("<b>报告晚了"))
            #expect(after.contains(#"id="follow-up-due""#))
            #expect(!after.contains(#"action="/track/\#(id)/evaluation""#), "the form is gone once the firm has evaluated")
            // Sent again (a second tab): refused, the first stands.
            let again = try await client.execute(uri: "/track/\(id)/evaluation", method: .post, headers: headers,
                                                 body: form([("token", token), ("overall", "very_satisfied")])) { ($0.status, String(buffer: $0.body)) }
            #expect(again.0 == .conflict && again.1.contains("已评价过"))
            #expect(try await store.evaluation(ofRequest: id)?.ratings.overall == .veryDissatisfied)

            try await client.execute(uri: "/api/v1/station/requests/\(id)/follow-up", method: .post, headers: bearer(jinzhai),
                                     body: body(#"{"answer": "已约谈服务专员并缩短出具报告时间"}"#)) { #expect($0.status == .ok) }
            let answered = try await client.execute(uri: "/track/\(id)?token=\(token)", method: .get) { String(buffer: $0.body) }
            #expect(answered.contains("服务站的整改反馈") && answered.contains("已约谈服务专员并缩短出具报告时间"))
            #expect(!answered.contains(#"id="follow-up-due""#))
        }
    }

    @Test func theConsoleShowsTheReviewAndTheFormsEachMayUse() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        let (_, staffKey) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        try await withRouter(store) { client in
            let (id, token) = try await completed(client, station: jinzhai)
            try await client.execute(uri: "/api/v1/requests/\(id)/evaluation?token=\(token)", method: .post, headers: jsonHeaders,
                                     body: body(#"{"overall": "dissatisfied", "comment": "等了很久"}"#)) { #expect($0.status == .created) }
            let station = try await ConsoleBrowser.signIn(client, key: jinzhai)
            let (_, page) = try await station.get("/console/requests/\(id)")
            #expect(page.contains("企业评价") && page.contains("等了很久") && page.contains("不满意"))
            #expect(page.contains(#"action="/console/requests/\#(id)/follow-up""#) && page.contains(#"action="/console/requests/\#(id)/appeal""#))
            #expect(!page.contains(#"/callback""#), "the callback is staff's")
            // An empty answer is named; a real one is recorded and the form goes.
            let (emptyStatus, emptyPage, _) = try await station.post("/console/requests/\(id)/follow-up", [("answer", " ")])
            #expect(emptyStatus == .unprocessableContent && emptyPage.contains("必填"))
            let (doneStatus, _, location) = try await station.post("/console/requests/\(id)/follow-up", [("answer", "已整改")])
            #expect(doneStatus == .seeOther && location?.contains("done=follow_up") == true)
            let (_, answered) = try await station.get("/console/requests/\(id)")
            #expect(answered.contains("已整改") && !answered.contains(#"action="/console/requests/\#(id)/follow-up""#))

            let staff = try await ConsoleBrowser.signIn(client, key: staffKey)
            let (_, staffPage) = try await staff.get("/console/requests/\(id)")
            #expect(staffPage.contains(#"action="/console/requests/\#(id)/callback""#) && staffPage.contains("已联系到企业"))
            let (noOutcome, noOutcomePage, _) = try await staff.post("/console/requests/\(id)/callback", [("note", "企业认可")])
            #expect(noOutcome == .unprocessableContent && noOutcomePage.contains("true 或 false") == false)
            let (called, _, _) = try await staff.post("/console/requests/\(id)/callback", [("reached", "1"), ("note", "企业认可整改")])
            #expect(called == .seeOther)
            #expect(try await store.evaluation(ofRequest: id)?.followUp?.isClosed == true)
            // A station may not post staff's form, nor staff the station's.
            let (stationCallback, _, _) = try await station.post("/console/requests/\(id)/callback", [("reached", "1"), ("note", "x")])
            #expect(stationCallback == .notFound)
            let (staffAppeal, _, _) = try await staff.post("/console/requests/\(id)/appeal", [("reason", "x")])
            #expect(staffAppeal == .notFound)
        }
    }
}
