import Foundation

/// A block of addresses: `10.0.0.0/8`, `fd00::/8`, or one address (`192.0.2.7`, `::1`).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public let address: IPAddress
    public let prefix: Int

    public init(_ address: IPAddress, prefix: Int) {
        precondition((0...address.bytes.count * 8).contains(prefix), "a prefix fits its address")
        self.address = address
        self.prefix = prefix
    }

    /// A network as `10.0.0.0/8`, `192.0.2.7`, `fd00::/8` or `::1`.
    /// - Throws: ``Problem`` naming the value that is not one.
    public init(parsing text: String) throws(Problem) {
        let cidr = text.trimmingCharacters(in: .whitespaces)
        let parts = cidr.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(String(parts[0])) else {
            throw Problem("not an IP address or network: \(cidr) (give one like 10.0.0.0/8, 192.0.2.7 or fd00::/8)")
        }
        let most = address.bytes.count * 8
        guard let prefix = parts.count == 2 ? Int(parts[1]) : most, (0...most).contains(prefix) else {
            throw Problem("the prefix length of \(cidr) must be from 0 to \(most)")
        }
        self.init(address, prefix: prefix)
    }

    public func contains(_ other: IPAddress) -> Bool {
        guard other.bytes.count == address.bytes.count else { return false }
        var remaining = prefix
        for index in address.bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if other.bytes[index] & mask != address.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String { "\(address)/\(prefix)" }

    /// Why a text is not a network, in English (it names a setting's value).
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}

extension IPNetwork {
    /// `"10.0.0.0/8"` as a constant; the text must be a network.
    init(_ literal: String) {
        do { try self.init(parsing: literal) } catch { preconditionFailure("\(error)") }
    }
}
