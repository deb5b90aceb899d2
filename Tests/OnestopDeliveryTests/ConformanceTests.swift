import Foundation
import OnestopDelivery
import OnestopDomain
import OnestopStore
import OnestopTestSupport
import Synchronization
import Testing

/// Every delivery the worker makes passes the reference Standard Webhooks verifier (`standardwebhooks` from PyPI).
@Suite struct ConformanceTests {
    @Test func theReferenceVerifierAcceptsEveryCapturedDelivery() async throws {
        // The first attempt of each delivery fails, so that retries (a new timestamp and signature) are checked too.
        let receiver = try await LoopbackReceiver.start { received, _ in
            received.headers["x-retry"] == nil && received.path == "/hook" && (received.json?["type"] as? String) == "request.assigned"
                && LoopbackCounter.shared.first(received.headers["webhook-id"] ?? "") ? .init(status: 503) : .init(status: 204)
        }
        var configuration = DeliveryWorkerTests.fast
        configuration.backoffFloor = .zero
        let harness = try await DeliveryWorkerTests.Harness.start(receiver: receiver, configuration: configuration)
        var cases: [[String: Any]] = []
        for _ in 0..<3 { try await harness.submit() }
        var received = await receiver.waitFor(6)
        cases += received.map { Self.case($0, secret: harness.secret) }
        // During a rotation each delivery carries two signatures; each secret alone must verify.
        let fresh = WebhookSecret.generate()
        _ = try await harness.store.rotateEndpointSecret(id: harness.endpoint.id, secret: fresh.text, overlapUntil: Date().addingTimeInterval(3600),
                                                         actor: "test", at: Date())
        try await harness.submit()
        received = await receiver.waitFor(8)
        #expect(received.count == 8)
        for message in received.suffix(2) {
            cases.append(Self.case(message, secret: fresh))
            cases.append(Self.case(message, secret: harness.secret))
        }
        let file = try Fixtures.temporaryDirectory().appendingPathComponent("captured.json")
        try JSONSerialization.data(withJSONObject: cases).write(to: file)
        let (status, output) = try Fixtures.runTool("verify_webhooks.py", [file.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("\(cases.count) of \(cases.count) accepted"), "\(output)")
        // And a tampered body is refused by the same verifier, so the check above can fail.
        var tampered = Self.case(received[0], secret: harness.secret)
        tampered["body"] = Data(received[0].body + Array(" ".utf8)).base64EncodedString()
        try JSONSerialization.data(withJSONObject: [tampered]).write(to: file)
        let refused = try Fixtures.runTool("verify_webhooks.py", [file.path])
        #expect(refused.status == 1, "\(refused.output)")
        try await harness.stop()
        await receiver.stop()
    }

    static func `case`(_ message: LoopbackReceiver.Received, secret: WebhookSecret) -> [String: Any] {
        [
            "secret": secret.text,
            "headers": message.headers.filter { $0.key.hasPrefix("webhook-") },
            "body": Data(message.body).base64EncodedString(),
        ]
    }
}

/// Remembers which webhook-ids were seen, so that a receiver can fail only the first attempt of each.
final class LoopbackCounter: Sendable {
    static let shared = LoopbackCounter()
    private let seen = Mutex(Set<String>())

    /// True the first time an id is given.
    func first(_ id: String) -> Bool { seen.withLock { $0.insert(id).inserted } }
}
