import Foundation
import OnestopDelivery
import OnestopDomain
import OnestopTestSupport
import Synchronization
import Testing

@Suite struct CurlTransportTests {
    func post(_ transport: CurlTransport, _ url: String, body: String = #"{"type":"test"}"#) async -> OutboundResponse {
        await transport.send(OutboundRequest(url: url, headers: [("Content-Type", "application/json"), ("webhook-id", "msg_1")], body: Array(body.utf8)))
    }

    @Test func postsTheBodyAndHeadersAndReportsTheAnswer() async throws {
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 202, headers: ["X-Answer": "yes"], body: "accepted") }
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        defer { transport.shutdown() }
        let body = #"{"type":"request.assigned","data":{"firm":"金寨县某茶业有限公司"}}"#
        let response = await post(transport, receiver.url + "/hooks/a", body: body)
        #expect(response.status == 202)
        #expect(response.error == nil)
        #expect(String(decoding: response.body, as: UTF8.self) == "accepted")
        #expect(response.header("x-answer") == "yes")
        #expect(response.duration > .zero)
        let request = try #require(receiver.requests.first)
        #expect(request.path == "/hooks/a")
        #expect(String(decoding: request.body, as: UTF8.self) == body)
        #expect(request.headers["webhook-id"] == "msg_1")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["expect"] == nil)
        await receiver.stop()
    }

    @Test func keepsConnectionsAlive() async throws {
        let receiver = try await LoopbackReceiver.start()
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        defer { transport.shutdown() }
        let first = await post(transport, receiver.url)
        let second = await post(transport, receiver.url)
        let third = await post(transport, receiver.url)
        #expect(first.status == 204 && second.status == 204 && third.status == 204)
        #expect(first.newConnections == 1)
        #expect(second.newConnections == 0)
        #expect(third.newConnections == 0)
        await receiver.stop()
    }

    @Test func neverFollowsRedirects() async throws {
        let receiver = try await LoopbackReceiver.start { received, _ in
            received.path == "/moved" ? .init(status: 302, headers: ["Location": "/elsewhere"]) : .init(status: 204)
        }
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        defer { transport.shutdown() }
        let response = await post(transport, receiver.url + "/moved")
        #expect(response.status == 302)
        #expect(response.header("Location") == "/elsewhere")
        #expect(receiver.requests.map(\.path) == ["/moved"])
        await receiver.stop()
    }

    @Test func keepsAtMostTheLimitOfTheResponseBody() async throws {
        let big = String(repeating: "检", count: 20_000)
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 200, body: big) }
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        defer { transport.shutdown() }
        let response = await post(transport, receiver.url)
        #expect(response.status == 200)
        #expect(response.body.count == 20 * 1024)
        #expect(response.bodyTruncated)
        await receiver.stop()
    }

    @Test func timesOutAndSaysSo() async throws {
        let receiver = try await LoopbackReceiver.start { _, _ in .init(status: 204, delay: .seconds(10)) }
        let transport = CurlTransport(configuration: .init(totalTimeout: .milliseconds(300), addresses: .allowingLoopback))
        defer { transport.shutdown() }
        let response = await post(transport, receiver.url)
        #expect(response.status == nil)
        #expect(response.timedOut)
        #expect(response.error?.lowercased().contains("timed out") == true)
        await receiver.stop()
    }

    @Test func reportsRefusedConnectionsAndRefusesOtherSchemes() async throws {
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        defer { transport.shutdown() }
        let refused = await post(transport, "http://127.0.0.1:1/")
        #expect(refused.status == nil)
        #expect(refused.timedOut == false)
        #expect(refused.error?.isEmpty == false)
        let ftp = await post(transport, "ftp://127.0.0.1/")
        #expect(ftp.status == nil)
        #expect(ftp.error?.isEmpty == false)
    }

    @Test func aHangingReceiverDoesNotHoldUpAnother() async throws {
        let slow = try await LoopbackReceiver.start { _, _ in .init(status: 204, delay: .seconds(30)) }
        let fast = try await LoopbackReceiver.start()
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        let slowDone = SlowFlag()
        let slowTask = Task {
            let response = await post(transport, slow.url)
            slowDone.set()
            return response
        }
        _ = await slow.waitFor(1)
        for _ in 0..<20 {
            let response = await post(transport, fast.url)
            #expect(response.status == 204)
        }
        #expect(slowDone.isSet == false)
        transport.shutdown()
        let ended = await slowTask.value
        #expect(ended.status == nil)
        #expect(ended.error == "transport shut down")
        await slow.stop()
        await fast.stop()
    }
}

/// Where the transport connects: never to an address the policy refuses, however the URL spells it or
/// whatever a name resolves to, and never through the proxy environment.
@Suite struct CurlTransportAddressTests {
    func post(_ transport: CurlTransport, _ url: String) async -> OutboundResponse {
        await transport.send(OutboundRequest(url: url, headers: [("Content-Type", "application/json")], body: Array("{}".utf8)))
    }

    /// Every spelling curl reads as 127.0.0.1 (or ::1) is refused before anything is sent; allowed, the
    /// same URL reaches the receiver, so the spelling does lead there.
    @Test(arguments: ["127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.0.0.1", "[::ffff:127.0.0.1]", "localhost"])
    func aLoopbackAddressInAnySpellingIsRefused(host: String) async throws {
        let receiver = try await LoopbackReceiver.start()
        let url = "http://\(host):\(receiver.port)/hook"
        let strict = CurlTransport(configuration: .init(addresses: .publicOnly))
        let refused = await post(strict, url)
        strict.shutdown()
        #expect(refused.status == nil)
        #expect(refused.refusal?.scope == .loopback, "\(refused.error ?? "-")")
        #expect(refused.error?.hasPrefix("refused: ") == true)
        #expect(refused.error?.contains("Connection refused") == false)
        let allowing = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        let accepted = await post(allowing, url)
        allowing.shutdown()
        #expect(accepted.status == 204, "\(accepted.error ?? "-")")
        #expect(receiver.requests.count == 1)
        await receiver.stop()
    }

    /// A name the URL's text does not give away, resolving to loopback (as after DNS rebinding), is refused at
    /// the connection libcurl was about to open: the receiver sees nothing.
    @Test func aNameResolvingToAnInternalAddressIsRefusedWhenConnected() async throws {
        let receiver = try await LoopbackReceiver.start()
        let pinned = ["hooks.station.example:\(receiver.port):127.0.0.1"]
        let url = "http://hooks.station.example:\(receiver.port)/hook"
        let strict = CurlTransport(configuration: .init(addresses: .publicOnly, pinnedNames: pinned))
        let refused = await post(strict, url)
        strict.shutdown()
        #expect(refused.status == nil)
        #expect(refused.refusal == EndpointAddressPolicy.publicOnly.refusal(of: IPAddress(bytes: [127, 0, 0, 1])))
        #expect(refused.error == "refused: 127.0.0.1 is a loopback address, which onestop does not send to unless the server allows it with --allow-local-endpoints")
        #expect(receiver.requests.isEmpty)

        let allowed = EndpointAddressPolicy(allowedNetworks: [try IPNetwork(parsing: "127.0.0.0/30")])
        let allowing = CurlTransport(configuration: .init(addresses: allowed, pinnedNames: pinned))
        #expect(await post(allowing, url).status == 204)
        allowing.shutdown()
        #expect(receiver.requests.count == 1)
        await receiver.stop()
    }

    /// A private address not on the allowed list is refused without connecting, so curl's words cannot tell
    /// an open port from a closed one.
    @Test func aPrivateAddressIsRefusedWithoutConnecting() async throws {
        let transport = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        defer { transport.shutdown() }
        for url in ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1:6379/", "http://[fd00::1]:6379/", "http://100.100.100.200/"] {
            let response = await post(transport, url)
            #expect(response.refusal != nil, "\(url)")
            #expect(response.duration == .zero)
        }
    }

    /// `--webhook-proxy` sends through the proxy; without it, the environment's proxy is not used.
    @Test func onlyTheConfiguredProxyIsUsed() async throws {
        let receiver = try await LoopbackReceiver.start()
        let proxy = try await LoopbackReceiver.start()
        let direct = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        #expect(await post(direct, receiver.url + "/hook").status == 204)
        direct.shutdown()
        let proxied = CurlTransport(configuration: .init(addresses: .allowingLoopback, proxy: proxy.url))
        #expect(await post(proxied, "http://station.example/hook").status == 204)
        proxied.shutdown()
        #expect(receiver.requests.count == 1)
        #expect(proxy.requests.count == 1)
        await receiver.stop()
        await proxy.stop()
    }
}

final class SlowFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// TLS stays verified; a private CA is trusted only when given.
@Suite struct CurlTransportTLSTests {
    @Test func aPrivateCAIsTrustedOnlyWhenGiven() async throws {
        let folder = try Fixtures.temporaryDirectory()
        let cert = folder.appendingPathComponent("cert.pem").path
        let key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        openssl.standardOutput = Pipe()
        openssl.standardError = Pipe()
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a certificate")
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Fixtures.packageRoot.appendingPathComponent("Tests/Tools/https_receiver.py").path, cert, key]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        // SIGKILL: a child of the test runner may inherit SIGTERM blocked.
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        var portText = ""
        while !portText.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            portText += String(decoding: data, as: UTF8.self)
        }
        let port = try #require(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let request = OutboundRequest(url: "https://127.0.0.1:\(port)/hook", headers: [("Content-Type", "application/json")], body: Array("{}".utf8))

        let strict = CurlTransport(configuration: .init(addresses: .allowingLoopback))
        let refused = await strict.send(request)
        strict.shutdown()
        #expect(refused.status == nil)
        #expect(refused.error?.lowercased().contains("certificate") == true, "\(refused.error ?? "-")")

        let trusting = CurlTransport(configuration: .init(extraCAFile: cert, addresses: .allowingLoopback))
        let accepted = await trusting.send(request)
        trusting.shutdown()
        #expect(accepted.status == 204, "\(accepted.error ?? "-")")
    }
}
