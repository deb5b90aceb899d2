import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// The work ledger downloaded through the API and the console, read back by Python's csv module.
@Suite struct LedgerRouteTests {
    /// Parses a downloaded ledger with Tests/Tools/read_ledger.py: the mark, CRLF, RFC 4180.
    func rows(_ bytes: [UInt8]) throws -> [[String]] {
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("ledger.csv")
        try Data(bytes).write(to: file)
        let (status, output) = try Fixtures.runTool("read_ledger.py", [file.path])
        #expect(status == 0, "\(output)")
        return try JSONDecoder().decode([[String]].self, from: Data(output.utf8))
    }

    @Test func staffAndStationsDownloadWhatTheyMaySee() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, staff) = try await store.createKey(role: .staff, name: "ops", station: nil, actor: "test")
        let (_, jinzhai) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        let (_, huoshan) = try await store.createKey(role: .station, name: "霍山站", station: "huoshan", actor: "test")
        try await withRouter(store) { client in
            var submission = try JSONSerialization.jsonObject(with: Data(RequestRouteTests.submission.utf8)) as! [String: Any]
            var enterprise = submission["enterprise"] as! [String: Any]
            enterprise["name"] = "=金寨,茶叶\"有限\"公司"
            submission["enterprise"] = enterprise
            let created = try await client.execute(uri: "/api/v1/requests", method: .post, headers: jsonHeaders, body: body(submission)) { try json($0) }
            let id = try #require(created["id"] as? String)
            try await client.execute(uri: "/api/v1/station/requests/\(id)/accept", method: .post, headers: bearer(jinzhai), body: body(#"{"caseworker": "wu-xia"}"#)) {
                #expect($0.status == .ok)
            }
            let today = WorkingCalendar.china.civilDay(of: Date())
            let period = "from=\(today)&to=\(today.adding(days: 1))"
            let (headers, staffBytes) = try await client.execute(uri: "/api/v1/ledger.csv?\(period)", method: .get, headers: bearer(staff)) { response in
                #expect(response.status == .ok)
                return (response.headers, Array(response.body.readableBytesView))
            }
            #expect(headers[.contentType] == "text/csv; charset=utf-8")
            #expect(headers[.contentDisposition]?.contains("attachment; filename=\"ledger-\(today)-\(today).csv\"") == true)
            let table = try rows(staffBytes)
            #expect(table.first?.first == "需求编号")
            let line = try #require(table.first { $0.first == id })
            // The name comes back whole, its formula neutralised.
            #expect(line[1] == "'=金寨,茶叶\"有限\"公司")
            #expect(line[4] == "金寨县一站式质量服务站" && line[5] == "吴霞（样例）" && line[10] == "已受理")
            #expect(!line[8].isEmpty)
            // A station gets its own requests only, and may not ask for another's.
            let own = try await client.execute(uri: "/api/v1/ledger.csv?\(period)", method: .get, headers: bearer(jinzhai)) { Array($0.body.readableBytesView) }
            #expect(try rows(own).count == 2)
            let other = try await client.execute(uri: "/api/v1/ledger.csv?\(period)", method: .get, headers: bearer(huoshan)) { Array($0.body.readableBytesView) }
            #expect(try rows(other).count == 1)
            try await client.execute(uri: "/api/v1/ledger.csv?\(period)&station=jinzhai", method: .get, headers: bearer(huoshan)) { response in
                try expectProblem(response, .forbidden, "forbidden")
            }
            // Every download is in the audit trail: who, which period, which station; a refused one is not.
            try await client.execute(uri: "/api/v1/audit?entity=ledger", method: .get, headers: bearer(staff)) { response in
                let entries = try items(response)
                #expect(entries.map { $0["entity_id"] as? String } == [
                    "\(today)/\(today.adding(days: 1))@huoshan", "\(today)/\(today.adding(days: 1))@jinzhai", "\(today)/\(today.adding(days: 1))",
                ])
                #expect(entries.allSatisfy { $0["action"] as? String == "read" })
                #expect(entries.last?["actor"] as? String != nil)
            }
            try await client.execute(uri: "/api/v1/ledger.csv?\(period)", method: .get) { response in
                try expectProblem(response, .unauthorized, "unauthorized")
            }
            try await client.execute(uri: "/api/v1/ledger.csv?from=\(today)&to=\(today)", method: .get, headers: bearer(staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
            try await client.execute(uri: "/api/v1/ledger.csv?\(period)&station=nowhere", method: .get, headers: bearer(staff)) { response in
                try expectProblem(response, .badRequest, "invalid_parameter")
            }
        }
    }

    @Test func theConsoleOffersTheDownload() async throws {
        let store = try await Fixtures.shippedStore()
        let (_, token) = try await store.createKey(role: .station, name: "金寨站", station: "jinzhai", actor: "test")
        try await withRouter(store) { client in
            let station = try await ConsoleBrowser.signIn(client, key: token)
            let page = try await station.get("/console")
            #expect(page.1.contains(#"id="ledger-download""#))
            #expect(page.1.contains(#"href="/console/ledger.csv""#))
            let (status, csv) = try await client.execute(uri: "/console/ledger.csv", method: .get, headers: station.headers) {
                ($0.status, Array($0.body.readableBytesView))
            }
            #expect(status == .ok)
            #expect(try rows(csv).first?.first == "需求编号")
        }
    }
}
