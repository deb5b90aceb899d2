#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A plain TCP connection to a loopback port, for playing a client that misbehaves: half a head, a
/// trickle of body, silence.
final class RawConnection {
    private let socket: Int32
    /// When the connection was made.
    let openedAt = ContinuousClock.now

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(socket); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until the server closes the connection or `within` passes; answers what arrived and
    /// whether (and how long after this read began) the server closed; with `until`, it stops as soon
    /// as the text holds that marker. It never blocks a thread: the
    /// server under test answers on the same pool.
    func read(within limit: Duration, until marker: String? = nil) async throws -> (text: String, closedAfter: Duration?) {
        let clock = ContinuousClock(), start = clock.now
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while clock.now - start < limit {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else {
                try await Task.sleep(for: .milliseconds(10))
                continue
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return (String(decoding: received, as: UTF8.self), clock.now - start) }
            received += buffer[0..<count]
            if let marker, String(decoding: received, as: UTF8.self).contains(marker) { break }
        }
        return (String(decoding: received, as: UTF8.self), nil)
    }
}
