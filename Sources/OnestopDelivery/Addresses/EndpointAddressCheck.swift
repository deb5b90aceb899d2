import Foundation
import OnestopDomain
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether an endpoint's URL leads somewhere onestop may send to, when it is added or changed: its host's text
/// (a literal address in any spelling) and, for a name, every address it resolves to now. The transport checks
/// again at every connection, so a name that resolves elsewhere later is refused then.
public enum EndpointAddressCheck {
    /// Why nothing may be sent to `url`'s host, or nil. A name that does not resolve within `wait` (no DNS on
    /// this server, a name only the webhook proxy knows) is let through here and checked when connected to.
    public static func refusal(ofURL url: String, policy: EndpointAddressPolicy, wait: Duration = .seconds(2)) async -> EndpointAddressPolicy.Refusal? {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return nil }
        if let refusal = policy.refusal(ofHost: host) { return refusal }
        guard IPAddress(urlHost: host) == nil else { return nil }
        for address in await addresses(of: host, wait: wait) {
            if let refusal = policy.refusal(of: address) { return EndpointAddressPolicy.Refusal(resolved: host, to: refusal) }
        }
        return nil
    }

    /// The addresses `host` resolves to, through the C library's resolver on a thread of its own (it blocks);
    /// none when it does not resolve within `wait`.
    static func addresses(of host: String, wait: Duration) async -> [IPAddress] {
        let answer = ResolverAnswer()
        let thread = Thread {
            answer.deliver(resolve(host))
        }
        thread.name = "onestop-resolve"
        thread.start()
        return await answer.value(within: wait)
    }

    private static func resolve(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var found: [IPAddress] = []
        var entry = list
        while let current = entry {
            if let address = IPAddress(socketAddress: current.pointee.ai_addr), !found.contains(address) { found.append(address) }
            entry = current.pointee.ai_next
        }
        return found
    }
}

/// One resolver answer, handed from its thread to whoever waits, or dropped when nobody waits any more.
private final class ResolverAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var result: [IPAddress]?
    private var waiter: CheckedContinuation<[IPAddress], Never>?
    private var finished = false

    func deliver(_ addresses: [IPAddress]) {
        finish(with: addresses)
    }

    func value(within wait: Duration) async -> [IPAddress] {
        let timer = Task {
            try? await Task.sleep(for: wait)
            finish(with: [])
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            lock.lock()
            if let result {
                lock.unlock()
                continuation.resume(returning: result)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }

    private func finish(with addresses: [IPAddress]) {
        lock.lock()
        guard !finished else { lock.unlock(); return }
        finished = true
        result = addresses
        let waiting = waiter
        waiter = nil
        lock.unlock()
        waiting?.resume(returning: addresses)
    }
}
