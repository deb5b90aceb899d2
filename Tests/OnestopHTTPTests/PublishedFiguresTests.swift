import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// A station's published figures: the same numbers as a page and as JSON, for anyone; with fewer than 10
/// evaluations the page says so instead of a rate; nothing on either identifies a firm.
@Suite struct PublishedFiguresTests {
    @Test func tooFewEvaluationsAreSaidSoAndNothingNamesAFirm() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let (id, token) = try await EvaluationPageTests().completed(client, station: jinzhai)
            try await client.execute(uri: "/api/v1/requests/\(id)/evaluation?token=\(token)", method: .post, headers: jsonHeaders,
                                     body: body(#"{"overall": "very_satisfied"}"#)) { #expect($0.status == .created) }
            let figures = try await client.execute(uri: "/api/v1/stations/jinzhai/figures", method: .get) { response in
                #expect(response.status == .ok)
                return try json(response)
            }
            #expect(figures["requests_served"] as? Int == 1 && figures["evaluations"] as? Int == 1)
            #expect(figures["enough_evaluations"] as? Bool == false && figures["satisfaction_rate"] is NSNull)
            #expect(figures["accepted_on_time_rate"] as? Double == 1)
            let page = try await client.execute(uri: "/stations/jinzhai/figures", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("评价不足 10 条，暂不公示满意率") && !page.contains(#"id="satisfaction""#))
            #expect(page.contains(#"<dd id="served">1</dd>"#))
            for text in [page, String(describing: figures)] {
                #expect(!text.contains("金寨县某茶业有限公司") && !text.contains("91512081MA62K0260E") && !text.contains("张三"))
            }
            let station = try await client.execute(uri: "/stations/jinzhai", method: .get) { String(buffer: $0.body) }
            #expect(station.contains(#"href="/stations/jinzhai/figures""#))
            try await client.execute(uri: "/api/v1/stations/nowhere/figures", method: .get) { _ = try expectProblem($0, .notFound, "not_found") }
            try await client.execute(uri: "/stations/nowhere/figures", method: .get) { #expect($0.status == .notFound) }
        }
    }

    @Test func tenEvaluationsPublishTheRates() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            for n in 0..<10 {
                let (id, token) = try await EvaluationPageTests().completed(client, station: jinzhai)
                let level = n < 8 ? "satisfied" : "dissatisfied"
                try await client.execute(uri: "/api/v1/requests/\(id)/evaluation?token=\(token)", method: .post, headers: jsonHeaders,
                                         body: body(#"{"overall": "\#(level)"}"#)) { #expect($0.status == .created) }
                if n == 8 {
                    try await client.execute(uri: "/api/v1/station/requests/\(id)/follow-up", method: .post, headers: bearer(jinzhai),
                                             body: body(#"{"answer": "已整改"}"#)) { #expect($0.status == .ok) }
                }
            }
            let figures = try await client.execute(uri: "/api/v1/stations/jinzhai/figures", method: .get) { try json($0) }
            #expect(figures["evaluations"] as? Int == 10 && figures["enough_evaluations"] as? Bool == true)
            #expect(figures["satisfaction_rate"] as? Double == 0.8 && figures["bad_reviews_followed_up_rate"] as? Double == 0.5)
            #expect(figures["completed_by_promise_rate"] as? Double == 1)
            let page = try await client.execute(uri: "/stations/jinzhai/figures", method: .get) { String(buffer: $0.body) }
            #expect(page.contains(#"<dd id="satisfaction">80.0%</dd>"#) && page.contains(#"<dd id="followed-up">50.0%</dd>"#))
            #expect(!page.contains("评价不足"))
            // Another station's figures are its own.
            let other = try await client.execute(uri: "/api/v1/stations/huoshan/figures", method: .get) { try json($0) }
            #expect(other["requests_served"] as? Int == 0 && other["evaluations"] as? Int == 0)
        }
    }
}
