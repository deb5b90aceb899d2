import Foundation
import Hummingbird
import OnestopHTTP
import OnestopSQLite
import OnestopStore
import Testing
import Yams

@Suite struct OpenAPIDocumentTests {
    /// `/api/v1/services/{code}` for both `{code}` and `:code` captures.
    static func normalise(_ path: String) -> String {
        "/" + path.split(separator: "/").map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let router = buildRouter(try SQLiteStore.inMemory(), intake: RequestIntake(idPrefix: "T", secret: Array(repeating: 1, count: 32)))
        let routes = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \(Self.normalise($0.path.description))" })
        let document = try #require(try Yams.load(yaml: String(decoding: OpenAPIDocument.data, as: UTF8.self)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var documented: Set<String> = []
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where methods.contains(method) {
                documented.insert("\(method) \(path)")
            }
        }
        #expect(routes.count >= 16)
        #expect(routes.subtracting(documented).isEmpty, "undocumented: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented but missing: \(documented.subtracting(routes).sorted())")
    }
}
