import Foundation
import OnestopDomain
@testable import OnestopHTTP
import OnestopTestSupport
import Testing

@Suite struct StreamingJSONEncoderTests {
    struct Nested: Codable, Equatable {
        var text: String
        var number: Int
        var ratio: Double
        var flag: Bool
        var missing: String?
        var null: String?
        var list: [Int]
        var empty: [String]
        var map: [String: [Int]]
        var date: Date
        var inner: Inner
        var optionals: [String?]

        struct Inner: Codable, Equatable {
            var a: Int?
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encode(number, forKey: .number)
            try container.encode(ratio, forKey: .ratio)
            try container.encode(flag, forKey: .flag)
            try container.encodeIfPresent(missing, forKey: .missing)
            try container.encodeNil(forKey: .null)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            for value in self.list { try list.encode(value) }
            try container.encode(empty, forKey: .empty)
            var map = container.nestedContainer(keyedBy: AnyKey.self, forKey: .map)
            for (key, values) in self.map { try map.encode(values, forKey: AnyKey(key)) }
            try container.encode(date, forKey: .date)
            try container.encode(inner, forKey: .inner)
            try container.encode(optionals, forKey: .optionals)
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Both outputs parsed and written again with sorted keys, so that they compare as text.
    func roundTrip<T: Encodable>(_ value: T) throws -> (streamed: String, foundation: String, text: String) {
        let streamed = try StreamingJSONEncoder().encode(value)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let foundation = try encoder.encode(value)
        func canonical(_ data: Data) throws -> String {
            let object = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
        }
        return (try canonical(Data(streamed)), try canonical(foundation), String(decoding: streamed, as: UTF8.self))
    }

    @Test func matchesFoundationsOutput() throws {
        let value = Nested(
            text: "引号\" 反斜杠\\ 换行\n 制表\t 控制\u{01} <script>", number: -42, ratio: 31.7348, flag: true, missing: nil,
            null: nil, list: [1, 2, 3], empty: [], map: ["a": [1], "b": []], date: Date(timeIntervalSince1970: 1_790_000_000),
            inner: .init(a: nil), optionals: ["x", nil]
        )
        let (streamed, foundation, text) = try roundTrip(value)
        #expect(streamed == foundation, "\(text)")
        #expect(text.hasPrefix(#"{"text":"引号\" 反斜杠\\ 换行\n 制表\t 控制\u0001 <script>","number":-42,"ratio":31.7348"#))
        #expect(text.contains(#""date":"2026-09-21T"#))
        #expect(text.contains(#""inner":{}"#))
        #expect(!text.contains("missing"))
    }

    @Test func domainTypesEncodeTheSame() throws {
        let catalog = Fixtures.smallCatalog()
        for station in catalog.stations {
            let (streamed, foundation, _) = try roundTrip(station)
            #expect(streamed == foundation)
        }
        let (streamed, foundation, _) = try roundTrip(catalog.services)
        #expect(streamed == foundation)
        let tree = CategoryNode.tree(catalog.categories)
        let (streamedTree, foundationTree, _) = try roundTrip(tree)
        #expect(streamedTree == foundationTree)
    }

    /// ServiceView writes its JSON by hand for speed; it must equal what `Encodable` writes.
    @Test func handWrittenServiceJSONMatchesEncodable() async throws {
        var catalog = try Fixtures.shippedCatalog()
        catalog.services[0].keywords.append("引号\"与\\")
        catalog.services[0].eligibility = "限本县"
        let store = try await Fixtures.shippedStore()
        let page = try await store.searchServices(ServiceQuery(page: PageRequest(page: 1, perPage: 100)))
        let views = page.items.map(ServiceView.init)
        #expect(views.count == 90)
        #expect(views.contains { !$0.accreditations.isEmpty } && views.contains { $0.fee.minCNY == nil })
        let (streamed, foundation, _) = try roundTrip(views)
        #expect(streamed == foundation)
        var edited = views[0]
        edited.keywords = catalog.services[0].keywords
        edited.eligibility = catalog.services[0].eligibility
        edited.nameEn = nil
        let (one, other, _) = try roundTrip(edited)
        #expect(one == other)
    }

    @Test func scalarsAtTheTop() throws {
        #expect(String(decoding: try StreamingJSONEncoder().encode("x"), as: UTF8.self) == #""x""#)
        #expect(String(decoding: try StreamingJSONEncoder().encode([1.5, 2]), as: UTF8.self) == "[1.5,2]")
        #expect(throws: EncodingError.self) { try StreamingJSONEncoder().encode(Double.nan) }
    }
}
