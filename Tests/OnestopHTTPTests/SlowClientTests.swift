import Hummingbird
import HummingbirdTesting
import Logging
@testable import OnestopHTTP
import OnestopStore
import OnestopTestSupport
import Testing

/// Issue 14, item 3: slow, idle and surplus connections are closed instead of held.
@Suite struct SlowClientTests {
    typealias Deadlines = ConnectionDeadlines

    @Test func aRequestMovesFromHeadToBodyToIdle() {
        var state = Deadlines()
        #expect(state.opened() == .arm(.head))
        #expect(state.bytesArrived() == .arm(.head))
        #expect(state.bytesArrived() == .keep, "more of the same head does not extend its deadline")
        #expect(state.headReceived() == .arm(.body))
        #expect(state.bytesArrived() == .keep, "body bytes do not extend the body's deadline")
        #expect(state.requestEnded() == .disarm, "nothing is owed while the server answers")
        #expect(state.responseEnded() == .arm(.idle))
        #expect(state.bytesArrived() == .arm(.head), "a kept-alive connection's next head is due as soon as it starts")
    }

    @Test func anAnswerBeforeTheBodyWaitsForTheBodyToEnd() {
        var state = Deadlines()
        _ = state.opened()
        _ = state.bytesArrived()
        _ = state.headReceived()
        #expect(state.responseEnded() == .keep, "the body is still due")
        #expect(state.requestEnded() == .arm(.idle))
    }

    @Test func pipelinedRequestsWaitForTheirAnswers() {
        var state = Deadlines()
        _ = state.opened()
        _ = state.bytesArrived()
        _ = state.headReceived()
        #expect(state.requestEnded() == .disarm)
        #expect(state.bytesArrived() == .keep, "a head sent during an answer waits for it")
        #expect(state.responseEnded() == .arm(.head), "the half-sent head is due once the answer is out")
        #expect(state.headReceived() == .arm(.body))
        #expect(state.requestEnded() == .disarm)
        #expect(state.responseEnded() == .arm(.idle))
    }

    /// The real server on a loopback port, with short limits. The test client's own connection is left
    /// alone (the limits may close it while a loaded machine starts the test) unless `useClient`.
    func withServer(_ policy: ConnectionPolicy, useClient: Bool = false,
                    _ body: @escaping @Sendable (Int, any Storage) async throws -> Void) async throws {
        let store = try await Fixtures.shippedStore()
        var configuration = ServerConfiguration(port: 0, intake: testIntake())
        configuration.connections = policy
        let app = buildApplication(store, configuration: configuration, logger: Logger(label: "test"))
        try await app.test(.live) { client in
            if useClient {
                try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            }
            try await body(try #require(client.port), store)
        }
    }

    static let short = ConnectionPolicy(headTimeout: .milliseconds(300), bodyTimeout: .milliseconds(500),
                                        idleTimeout: .milliseconds(800), maxConnections: 100)

    @Test func halfAHeadIsClosedAtTheHeadTimeout() async throws {
        try await withServer(Self.short) { port, _ in
            let silent = try RawConnection(port: port)
            let half = try RawConnection(port: port)
            half.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            let whole = try RawConnection(port: port)
            whole.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let answered = try await whole.read(within: .seconds(5), until: "{\"status\":\"ok\"}")
            #expect(answered.text.hasPrefix("HTTP/1.1 200"), "a prompt client is served as before")
            for connection in [silent, half] {
                let seen = try await connection.read(within: .seconds(5))
                #expect(seen.closedAfter != nil, "the server closed the connection")
                #expect(ContinuousClock.now - connection.openedAt >= .milliseconds(250) && seen.text.isEmpty)
            }
        }
    }

    @Test func aTrickledBodyIsClosedAndNothingIsStored() async throws {
        try await withServer(Self.short) { port, store in
            let slow = try RawConnection(port: port)
            slow.send("POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"service_code\":")
            let seen = try await slow.read(within: .seconds(5))
            #expect(seen.closedAfter != nil)
            #expect(!seen.text.contains(" 201 "))
            #expect(try await store.serviceRequests(RequestQuery()).total == 0)
        }
    }

    @Test func anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() async throws {
        var policy = Self.short
        policy.idleTimeout = .seconds(3)
        try await withServer(policy) { port, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let first = try await connection.read(within: .seconds(5), until: "{\"status\":\"ok\"}")
            #expect(first.text.hasPrefix("HTTP/1.1 200") && first.closedAfter == nil)
            // Longer than the head timeout: an idle kept-alive connection is held to the idle timeout instead.
            try await Task.sleep(for: .milliseconds(500))
            connection.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let second = try await connection.read(within: .seconds(5), until: "{\"status\":\"ok\"}")
            #expect(second.text.hasPrefix("HTTP/1.1 200"), "the kept-alive connection serves the next request")
            let idle = try await connection.read(within: .seconds(10))
            let closedAfter = try #require(idle.closedAfter)
            #expect(closedAfter >= .milliseconds(2500) && idle.text.isEmpty)
        }
    }

    @Test func connectionsBeyondTheLimitAreClosedAtOnce() async throws {
        var policy = Self.short
        policy.maxConnections = 4
        policy.headTimeout = .seconds(30)
        policy.idleTimeout = .seconds(30)
        try await withServer(policy, useClient: true) { port, _ in
            // The test client holds one place; of five more, two are closed on arrival, whichever the
            // event loops accept last.
            let connections = try (0..<5).map { _ in try RawConnection(port: port) }
            var closed = 0
            for connection in connections {
                let seen = try await connection.read(within: max(.milliseconds(50), .milliseconds(700) - (ContinuousClock.now - connection.openedAt)))
                if seen.closedAfter != nil { closed += 1 }
                #expect(seen.text.isEmpty)
            }
            #expect(closed == 2)
        }
    }
}
