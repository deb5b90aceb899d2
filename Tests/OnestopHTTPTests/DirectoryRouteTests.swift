import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

@Suite struct DirectoryRouteTests {
    @Test func searchingInChinese() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/services?q=\(percentEncoded("计量"))", method: .get) { response in
                #expect(response.status == .ok)
                let page = try json(response)
                #expect((page["total"] as? Int ?? 0) >= 18)
                #expect(page["page"] as? Int == 1)
                #expect(page["per_page"] as? Int == 20)
                let first = try #require(try items(response).first)
                let station = try #require(first["station"] as? [String: Any])
                #expect(station["id"] is String && station["name"] is String && station["region"] is String)
                let fee = try #require(first["fee"] as? [String: Any])
                #expect(fee["currency"] as? String == "CNY")
                #expect(fee["free"] is Bool)
                #expect(first["turnaround_days"] != nil)
                #expect(response.headers[HTTPField.Name("X-Request-Id")!]?.isEmpty == false)
            }
            try await client.execute(uri: "/api/v1/services?fee=free&per_page=100", method: .get) { response in
                let found = try items(response)
                #expect(found.count >= 10)
                #expect(found.allSatisfy { ($0["fee"] as? [String: Any])?["free"] as? Bool == true })
            }
            try await client.execute(uri: "/api/v1/services?fee=charged&per_page=100", method: .get) { response in
                let found = try items(response)
                #expect(found.count >= 10)
                #expect(found.allSatisfy { (($0["fee"] as? [String: Any])?["charged_by"] as? String)?.isEmpty == false })
            }
            try await client.execute(uri: "/api/v1/services?fee=cheap", method: .get) { response in
                let problem = try expectProblem(response, .badRequest, "invalid_parameter")
                #expect((problem["detail"] as? String)?.contains("fee") == true)
            }
            try await client.execute(uri: "/api/v1/services?q=\(percentEncoded("茶 农残"))&per_page=100", method: .get) { response in
                let found = try codes(response)
                #expect(found.contains("JZ-TEA-001"))
                #expect(!found.contains("YA-VEG-001"))
            }
            try await client.execute(uri: "/api/v1/services?q=CNAS&region=341524", method: .get) { response in
                let found = try codes(response)
                #expect(found.isEmpty)
            }
            try await client.execute(uri: "/api/v1/services?q=cnas&category=metrology&per_page=100", method: .get) { response in
                let found = try codes(response)
                #expect(found.contains("LA-JL-001") && found.contains("KF-JL-001"))
                #expect(found.allSatisfy { !$0.contains("JC") })
            }
        }
    }

    @Test func filtersAndPaging() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/services?region=341524&mode=onsite&per_page=100", method: .get) { response in
                let found = try items(response)
                #expect(!found.isEmpty)
                for item in found {
                    #expect((item["station"] as? [String: Any])?["id"] as? String == "jinzhai")
                    #expect((item["modes"] as? [String])?.contains("onsite") == true)
                }
            }
            try await client.execute(uri: "/api/v1/services?industry=\(percentEncoded("小龙虾"))&per_page=100", method: .get) { response in
                let stations = Set(try items(response).compactMap { ($0["station"] as? [String: Any])?["id"] as? String })
                #expect(stations == ["huoqiu"])
            }
            let all = try await client.execute(uri: "/api/v1/services?per_page=100", method: .get) { try json($0)["total"] as? Int ?? 0 }
            #expect(all >= 80)
            try await client.execute(uri: "/api/v1/services?per_page=100&page=2", method: .get) { response in
                let count = try items(response).count
                #expect(count == max(0, min(100, all - 100)))
            }
            try await client.execute(uri: "/api/v1/services?page=50", method: .get) { response in
                #expect(response.status == .ok)
                let (found, page) = (try items(response), try json(response))
                #expect(found.isEmpty)
                #expect(page["total"] as? Int == all)
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/services?per_page=101", "invalid_parameter", "per_page"),
        ("/api/v1/services?per_page=0", "invalid_parameter", "per_page"),
        ("/api/v1/services?page=0", "invalid_parameter", "page"),
        ("/api/v1/services?page=abc", "invalid_parameter", "page"),
        ("/api/v1/services?page=1&page=2", "invalid_parameter", "page"),
        ("/api/v1/services?sort=name", "unknown_parameter", "sort"),
        ("/api/v1/services?mode=teleport", "invalid_parameter", "mode"),
        ("/api/v1/services?category=nope", "invalid_parameter", "category"),
        ("/api/v1/services?region=999999", "invalid_parameter", "region"),
        ("/api/v1/services?station=nope", "invalid_parameter", "station"),
        ("/api/v1/services?q=a+b+c+d+e+f+g+h+i", "invalid_parameter", "q"),
        ("/api/v1/services/LA-JL-001?verbose=1", "unknown_parameter", "verbose"),
        ("/api/v1/stations?kind=village", "invalid_parameter", "kind"),
        ("/api/v1/stations?region=1", "invalid_parameter", "region"),
        ("/api/v1/categories?x=1", "unknown_parameter", "x"),
        ("/api/v1/services?per_page=", "invalid_parameter", "per_page"),
        ("/api/v1/services?mode=", "invalid_parameter", "mode"),
        ("/api/v1/stations?kind=", "invalid_parameter", "kind"),
    ])
    func badQueriesAre400sNamingTheParameter(uri: String, code: String, parameter: String) async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            try await client.execute(uri: uri, method: .get) { response in
                let problem = try expectProblem(response, .badRequest, code)
                #expect(problem["parameter"] as? String == parameter)
                #expect((problem["detail"] as? String)?.contains(parameter) == true)
            }
        }
    }

    @Test func servicesAndStations() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            try await client.execute(uri: "/api/v1/services/JZ-TEA-001", method: .get) { response in
                let service = try json(response)
                #expect(service["code"] as? String == "JZ-TEA-001")
                #expect((service["category"] as? [String: Any])?["code"] as? String == "testing.agricultural")
                let accreditation = try #require((service["accreditations"] as? [[String: Any]])?.first)
                #expect(accreditation["sample"] as? Bool == true)
            }
            try await client.execute(uri: "/api/v1/services/NOPE-1", method: .get) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/stations", method: .get) { response in
                let stations = try items(response)
                #expect(stations.count == 9)
            }
            try await client.execute(uri: "/api/v1/stations?region=341500&kind=county", method: .get) { response in
                let stations = try items(response)
                #expect(stations.count == 7)
            }
            try await client.execute(uri: "/api/v1/stations/huoshan", method: .get) { response in
                let station = try json(response)
                #expect(station["region"] as? String == "341525")
                #expect((station["hours"] as? [[String: Any]])?.first?["opens"] as? String == "08:30")
                #expect((station["services"] as? [[String: Any]])?.count == 9)
            }
            try await client.execute(uri: "/api/v1/stations/nope", method: .get) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/categories", method: .get) { response in
                let tree = try items(response)
                #expect(tree.first?["code"] as? String == "metrology")
                #expect((tree.first?["children"] as? [[String: Any]])?.contains { $0["code"] as? String == "metrology.pressure" } == true)
                #expect(tree.count == 10)
            }
            try await client.execute(uri: "/api/v1/regions", method: .get) { response in
                let regions = try items(response)
                #expect(regions.count == 9)
                #expect(regions.contains { $0["code"] as? String == "341500-etdz" && $0["parent"] as? String == "341500" })
            }
        }
    }

    @Test func systemEndpoints() async throws {
        try await withRouter(try await Fixtures.shippedStore()) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1"))
            }
            try await client.execute(uri: "/no/such/path", method: .get) { response in
                try expectProblem(response, .notFound, "not_found")
            }
            try await client.execute(uri: "/api/v1/categories", method: .post) { response in
                try expectProblem(response, .methodNotAllowed, "method_not_allowed")
                #expect(response.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/api/v1/services/LA-JL-001", method: .delete) { response in
                try expectProblem(response, .methodNotAllowed, "method_not_allowed")
                #expect(response.headers[.allow] == "GET, PATCH")
            }
        }
        try await withRouter(try SQLiteStore.inMemory()) { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }
}
