import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import OnestopDomain
import OnestopHTTP
import OnestopSQLite
import OnestopStore
import OnestopTestSupport
import Testing

/// Runs `body` against the router over `store`, without a network.
func withRouter<Value>(
    _ store: SQLiteStore,
    intake: RequestIntake = testIntake(),
    endpointAddresses: EndpointAddressPolicy = .publicOnly,
    _ body: @Sendable (any TestClientProtocol) async throws -> Value
) async throws -> Value {
    let app = Application(router: buildRouter(store, intake: intake, endpointAddresses: endpointAddresses))
    return try await app.test(.router) { client in try await body(client) }
}

/// Request intake with a fixed secret, the `T` id prefix and, unless asked, no rate limit.
func testIntake(submissionsPerMinute: Int = 0) -> RequestIntake {
    RequestIntake(idPrefix: "T", secret: Array(repeating: 7, count: 32), submissionsPerMinute: submissionsPerMinute)
}

/// A response body parsed as a JSON object.
func json(_ response: TestResponse) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body))
    return try #require(object as? [String: Any], "not a JSON object: \(String(buffer: response.body))")
}

func items(_ response: TestResponse) throws -> [[String: Any]] {
    try #require(try json(response)["items"] as? [[String: Any]])
}

func codes(_ response: TestResponse) throws -> [String] {
    try items(response).compactMap { $0["code"] as? String }
}

func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

func body(_ object: [String: Any]) throws -> ByteBuffer {
    ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))
}

let jsonHeaders: HTTPFields = [.contentType: "application/json"]

func bearer(_ token: String) -> HTTPFields {
    [.authorization: "Bearer \(token)", .contentType: "application/json"]
}

/// Asserts a problem+json response with the status and code, and returns its fields.
@discardableResult
func expectProblem(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    #expect(response.status == status, sourceLocation: sourceLocation)
    #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, sourceLocation: sourceLocation)
    let problem = try json(response)
    #expect(problem["code"] as? String == code, sourceLocation: sourceLocation)
    #expect(problem["status"] as? Int == Int(status.code), sourceLocation: sourceLocation)
    #expect((problem["title"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect((problem["detail"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    return problem
}

func percentEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
}
