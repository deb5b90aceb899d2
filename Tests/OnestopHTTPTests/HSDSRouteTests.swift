import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OnestopDomain
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// The catalog as Open Referral HSDS 3.0, in this project's own words: the lists wrapped with their totals as the
/// standard pages them, every object and every object inside one with its id, ids that are version 5 UUIDs of the
/// catalog's codes (the same from any database), a service fully nested, read-only, open to any origin.
@Suite struct HSDSRouteTests {
    // uuid.uuid5(UUID("4c6a0e1b-9d2f-4e61-a83c-570b6e92d144"), "service:JZ-TEA-001") and the like, by Python's uuid module.
    static let teaService = "c9080900-dcf2-58d5-9b5c-4932cf389034"
    static let jinzhai = "ebe0b809-d20d-5d0c-a939-da746ee9679e"
    static let metrology = "42161ac8-ed22-5f81-a3df-bff94bd9f1df"

    func get(_ client: any TestClientProtocol, _ uri: String) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .get) { response in
            #expect(response.status == .ok, "\(uri): \(String(buffer: response.body))")
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            return try json(response)
        }
    }

    @Test func listsArePagedAsTheStandardSays() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let root = try await get(client, "/hsds")
            #expect(root["version"] as? String == "3.0" && root["openapi_url"] as? String == "/openapi.yaml")
            let first = try await get(client, "/hsds/services?per_page=40")
            let total = try #require(first["total_items"] as? Int)
            #expect(total == 90)
            #expect(first["total_pages"] as? Int == 3 && first["page_number"] as? Int == 1 && first["size"] as? Int == 40)
            #expect(first["first_page"] as? Bool == true && first["last_page"] as? Bool == false && first["empty"] as? Bool == false)
            let last = try await get(client, "/hsds/services?per_page=40&page=3")
            #expect(last["size"] as? Int == 10 && last["last_page"] as? Bool == true && last["first_page"] as? Bool == false)
            let beyond = try await get(client, "/hsds/services?per_page=40&page=9")
            #expect(beyond["size"] as? Int == 0 && (beyond["contents"] as? [Any])?.isEmpty == true && beyond["empty"] as? Bool == false)
            let ids = Set(((first["contents"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String })
            #expect(ids.count == 40)
            for id in ids { #expect(UUID(uuidString: id) != nil && id.dropFirst(14).first == "5", "a version 5 UUID: \(id)") }
            // Bad paging and unknown parameters are 400s naming them.
            try await client.execute(uri: "/hsds/services?per_page=1000", method: .get) { _ = try expectProblem($0, .badRequest, "invalid_parameter") }
            try await client.execute(uri: "/hsds/services?size=3", method: .get) { _ = try expectProblem($0, .badRequest, "unknown_parameter") }
            try await client.execute(uri: "/hsds/services/\(UUID().uuidString.lowercased())", method: .get) { _ = try expectProblem($0, .notFound, "not_found") }
        }
    }

    @Test func aServiceIsFullyNestedUnderIdsThatNeverChange() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let service = try await get(client, "/hsds/services/\(Self.teaService)")
            #expect(service["name"] as? String == "六安瓜片茶叶农药残留检测" && service["status"] as? String == "active")
            #expect(service["organization_id"] as? String == Self.jinzhai)
            #expect(service["wait_time"] as? String == "5 个工作日")
            #expect((service["fees_description"] as? String)?.contains("金寨县检验检测中心") == true)
            #expect((service["accreditations"] as? String)?.contains("CMA SAMPLE-CMA-341524-01") == true)
            let organization = try #require(service["organization"] as? [String: Any])
            #expect(organization["id"] as? String == Self.jinzhai && organization["description"] is String)
            let at = try #require((service["service_at_locations"] as? [[String: Any]])?.first)
            let location = try #require(at["location"] as? [String: Any])
            #expect(location["location_type"] as? String == "physical")
            let address = try #require((location["addresses"] as? [[String: Any]])?.first)
            #expect(address["address_1"] as? String == "金寨县梅山镇红军大道 88 号（样例地址）" && address["country"] as? String == "CN")
            for field in ["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"] { #expect(address[field] is String, "\(field)") }
            let schedules = try #require(at["schedules"] as? [[String: Any]])
            #expect(schedules.map { $0["opens_at"] as? String } == ["08:30+08:00", "14:30+08:00"])
            #expect(schedules.allSatisfy { $0["freq"] as? String == "WEEKLY" && $0["byday"] as? String == "MO,TU,WE,TH,FR" })
            let cost = try #require((service["cost_options"] as? [[String: Any]])?.first)
            #expect(cost["currency"] as? String == "CNY" && cost["amount"] as? Double == 300)
            #expect((service["required_documents"] as? [[String: Any]])?.compactMap { $0["document"] as? String } == ["茶叶样品 200 克", "委托书"])
            let term = try #require((service["attributes"] as? [[String: Any]])?.first?["taxonomy_term"] as? [String: Any])
            #expect(term["code"] as? String == "testing.agricultural")
            // Every object inside has its id.
            func ids(_ value: Any, _ path: String) {
                if let object = value as? [String: Any] {
                    #expect(object["id"] is String, "\(path) has no id")
                    for (key, inner) in object { ids(inner, path + "." + key) }
                } else if let list = value as? [Any] {
                    for item in list { ids(item, path) }
                }
            }
            ids(service, "")
        }
        // Another database with the same catalog gives the same ids.
        let other = try await Fixtures.shippedStore()
        try await withRouter(other) { client in
            let again = try await get(client, "/hsds/services/\(Self.teaService)")
            #expect(again["organization_id"] as? String == Self.jinzhai)
        }
    }

    @Test func servicesAreFilteredAsAsked() async throws {
        let store = try await Fixtures.shippedStore()
        try await withRouter(store) { client in
            let tea = try await get(client, "/hsds/services?search=%E8%8C%B6%E5%8F%B6&per_page=100")
            let teaNames = ((tea["contents"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            #expect(!teaNames.isEmpty && teaNames.contains("六安瓜片茶叶农药残留检测"))
            let jinzhai = try await get(client, "/hsds/services?organization_id=\(Self.jinzhai)&per_page=100")
            #expect(((jinzhai["contents"] as? [[String: Any]]) ?? []).allSatisfy { $0["organization_id"] as? String == Self.jinzhai })
            #expect((jinzhai["total_items"] as? Int ?? 0) > 0)
            // A term takes in the terms below it.
            let metrology = try await get(client, "/hsds/services?taxonomy_term_id=\(Self.metrology)&per_page=100")
            let terms = try await get(client, "/hsds/taxonomy_terms?per_page=100")
            let children = ((terms["contents"] as? [[String: Any]]) ?? []).filter { $0["parent_id"] as? String == Self.metrology }
            #expect(!children.isEmpty && (metrology["total_items"] as? Int ?? 0) > 0)
            let both = try await get(client, "/hsds/services?organization_id=\(Self.jinzhai)&search=%E8%8C%B6%E5%8F%B6&per_page=100")
            #expect((both["total_items"] as? Int ?? 0) <= (jinzhai["total_items"] as? Int ?? 0))
            let future = try await get(client, "/hsds/services?modified_after=2099-01-01")
            #expect(future["total_items"] as? Int == 0 && future["empty"] as? Bool == true)
            let organization = try await get(client, "/hsds/organizations/\(Self.jinzhai)")
            #expect((organization["services"] as? [[String: Any]])?.count == jinzhai["total_items"] as? Int)
            let taxonomies = try await get(client, "/hsds/taxonomies")
            let taxonomy = try #require((taxonomies["contents"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await get(client, "/hsds/taxonomies/\(taxonomy)")["name"] is String)
            #expect(try await get(client, "/hsds/taxonomy_terms/\(Self.metrology)")["code"] as? String == "metrology")
            let places = try await get(client, "/hsds/service_at_locations?per_page=1")
            let place = try #require((places["contents"] as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await get(client, "/hsds/service_at_locations/\(place)")["location"] is [String: Any])
        }
    }
}
