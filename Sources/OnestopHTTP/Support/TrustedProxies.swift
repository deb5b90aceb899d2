import Foundation
import HTTPTypes
import OnestopDomain

/// The reverse proxies whose forwarding headers are believed (`--trusted-proxy CIDR`). Only when the TCP
/// peer is one of them does the client's address come from `Forwarded` (RFC 7239) or `X-Forwarded-For`,
/// and its scheme from `Forwarded: proto=` or `X-Forwarded-Proto`; anyone else's forwarding headers are
/// ignored, so that no client can choose the address it is rate-limited and logged as.
public struct TrustedProxies: Sendable, Equatable {
    private var networks: [IPNetwork]

    public static let none = TrustedProxies(networks: [])

    private init(networks: [IPNetwork]) {
        self.networks = networks
    }

    /// Networks as `10.0.0.0/8`, `192.0.2.7` (one address), `fd00::/8` or `::1`.
    /// - Throws: `ProblemText` naming the value that is not one.
    public init(_ cidrs: [String]) throws {
        var networks: [IPNetwork] = []
        for cidr in cidrs.map({ $0.trimmingCharacters(in: .whitespaces) }) where !cidr.isEmpty {
            do {
                networks.append(try IPNetwork(parsing: cidr))
            } catch {
                throw ProblemText(error.description)
            }
        }
        self.networks = networks
    }

    public var isEmpty: Bool { networks.isEmpty }

    func trusts(_ address: IPAddress) -> Bool {
        networks.contains { $0.contains(address) }
    }

    /// Who is on the other end, and whether they came over https: the TCP peer, or for a trusted peer
    /// what its forwarding headers say (the rightmost address that is not itself a trusted proxy).
    func client(peer: String?, headers: HTTPFields, overTLS: Bool) -> (address: String?, https: Bool) {
        guard let peer, let peerAddress = IPAddress(peer), trusts(peerAddress) else { return (peer, overTLS) }
        let forwarded = headers[values: .forwarded].flatMap(Self.forwardedElements)
        let chain: [String]
        var proto: String?
        if !forwarded.isEmpty {
            chain = forwarded.compactMap { $0["for"] }
            proto = forwarded.last?["proto"]
        } else {
            chain = headers[values: .xForwardedFor].flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            proto = headers[values: .forwardedProto].last?.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var client = peer
        for entry in chain.reversed() {
            guard let address = IPAddress(Self.stripPort(entry)) else { break }
            client = address.description
            if !trusts(address) { break }
        }
        return (client, overTLS || proto?.lowercased() == "https")
    }

    /// `for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"` as one dictionary per element, names lowercased.
    static func forwardedElements(_ value: String) -> [[String: String]] {
        value.split(separator: ",").map { element in
            var pairs: [String: String] = [:]
            for pair in element.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { continue }
                var value = parts[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                pairs[parts[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
            }
            return pairs
        }
    }

    /// `192.0.2.60:80` → `192.0.2.60`, `[2001:db8::17]:4711` → `2001:db8::17`; a bare IPv6 address stays.
    static func stripPort(_ entry: String) -> String {
        if entry.hasPrefix("["), let end = entry.firstIndex(of: "]") { return String(entry[entry.index(after: entry.startIndex)..<end]) }
        if entry.filter({ $0 == ":" }).count == 1, let colon = entry.firstIndex(of: ":") { return String(entry[..<colon]) }
        return entry
    }
}
