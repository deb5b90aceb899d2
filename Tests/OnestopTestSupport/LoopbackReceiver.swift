import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A real HTTP server on a free loopback port that records every request it receives and answers as a
/// test tells it to, so that webhook delivery is tested over the network rather than against a stub.
public final class LoopbackReceiver: Sendable {
    /// One request as it arrived.
    public struct Received: Sendable {
        public var path: String
        public var headers: [String: String]
        public var body: [UInt8]
        public var at: Date

        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
    }

    /// How to answer one request.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
        /// Wait this long before answering (until the receiver stops, at the latest).
        public var delay: Duration

        public init(status: Int = 204, headers: [String: String] = [:], body: String = "", delay: Duration = .zero) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }
    }

    private let received = Mutex<[Received]>([])
    private let stopped = Mutex(false)
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    public let port: Int

    /// Starts a receiver; `reply` decides each answer from the request and how many came before it.
    public static func start(reply: @escaping @Sendable (Received, Int) -> Reply = { _, _ in Reply() }) async throws -> LoopbackReceiver {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let box = Box()
        let router = Router()
        let handle: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            let body = try await request.body.collect(upTo: 4 * 1024 * 1024)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }  // names in lower case
            let received = Received(path: request.uri.path, headers: headers, body: Array(buffer: body), at: Date())
            guard let receiver = box.receiver else { return Response(status: .serviceUnavailable) }
            let count = receiver.record(received)
            let answer = reply(received, count)
            if answer.delay > .zero { await receiver.wait(answer.delay) }
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let name = HTTPField.Name(name) { fields[name] = value }
            }
            return Response(status: .init(code: answer.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        router.post("/", use: handle)
        router.post("**", use: handle)
        var logger = Logger(label: "loopback-receiver")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
            continuation.finish()
        }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let task = Task { try await group.run() }
        var port = 0
        for await value in stream { port = value }
        guard port > 0 else { throw FixtureError("loopback receiver did not start") }
        let receiver = LoopbackReceiver(group: group, task: task, port: port)
        box.receiver = receiver
        return receiver
    }

    private init(group: ServiceGroup, task: Task<Void, any Error>, port: Int) {
        self.group = group
        self.task = task
        self.port = port
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public var requests: [Received] { received.withLock { $0 } }

    /// Waits until `count` requests have arrived, or `timeout` has passed; returns what has arrived.
    @discardableResult
    public func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = requests
            if now.count >= count { return now }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return requests
    }

    public func stop() async {
        stopped.withLock { $0 = true }
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }

    fileprivate func record(_ request: Received) -> Int {
        received.withLock { list in
            list.append(request)
            return list.count - 1
        }
    }

    fileprivate func wait(_ delay: Duration) async {
        let deadline = ContinuousClock.now + delay
        while ContinuousClock.now < deadline, !stopped.withLock({ $0 }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}

private final class Box: @unchecked Sendable {
    private let lock = NSLock()
    private var _receiver: LoopbackReceiver?
    var receiver: LoopbackReceiver? {
        get { lock.withLock { _receiver } }
        set { lock.withLock { _receiver = newValue } }
    }
}
