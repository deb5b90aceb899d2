import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as its bytes: 4 for IPv4 (an IPv4-mapped IPv6 address included), 16 for IPv6.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// `bytes` must be 4 or 16 long.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 4 || bytes.count == 16, "an address is 4 or 16 bytes")
        self.bytes = bytes
    }

    /// An address from its bytes, an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) taken as its IPv4 address.
    public init(unmapping bytes: [UInt8]) {
        self.init(bytes: bytes.count == 16 && Self.isMapped(bytes) ? Array(bytes[12...]) : bytes)
    }

    /// An address in its standard text form (`192.0.2.7`, `2001:db8::1`), through the C library's own parser;
    /// nil for anything else.
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(bytes: withUnsafeBytes(of: &v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        self.init(unmapping: withUnsafeBytes(of: &v6) { Array($0) })
    }

    /// The address a URL's host names when it is a literal, in every spelling a URL parser or the C library
    /// accepts: `[::1]`, `[::ffff:127.0.0.1]`, `[fe80::1%25eth0]`, and IPv4 as one to four parts, each decimal,
    /// hexadecimal (`0x7f`) or octal (`0177`), the last filling the remaining bytes (`2130706433`, `127.1`),
    /// with or without a final dot. Nil for a name.
    public init?(urlHost host: String) {
        guard !host.isEmpty, host.utf8.count <= 253 else { return nil }
        var text = Substring(host)
        if text.hasPrefix("[") {
            guard text.hasSuffix("]"), text.count > 2 else { return nil }
            text = text.dropFirst().dropLast()
        }
        if text.contains(":") {
            if let zone = text.firstIndex(of: "%") { text = text[..<zone] }
            guard let address = IPAddress(String(text)) else { return nil }
            self = address
            return
        }
        guard let bytes = Self.ipv4Numbers(host) else { return nil }
        self.bytes = bytes
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv6 address carries and a network would deliver to: IPv4-compatible (`::a.b.c.d`),
    /// NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`); nil for any other.
    public var embeddedIPv4: IPAddress? {
        guard bytes.count == 16 else { return nil }
        if bytes[0..<12].allSatisfy({ $0 == 0 }) && !bytes[12..<15].allSatisfy({ $0 == 0 }) { return IPAddress(bytes: Array(bytes[12...])) }
        if bytes[0..<12] == [0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0][...] { return IPAddress(bytes: Array(bytes[12...])) }
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return IPAddress(bytes: Array(bytes[2..<6])) }
        return nil
    }

    public var description: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var v6 = in6_addr()
        withUnsafeMutableBytes(of: &v6) { $0.copyBytes(from: bytes) }
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func isMapped(_ bytes: [UInt8]) -> Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    /// IPv4 as the WHATWG URL standard and `inet_aton` read it; nil when the text is not all numbers.
    private static func ipv4Numbers(_ host: String) -> [UInt8]? {
        var parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        guard (1...4).contains(parts.count) else { return nil }
        var numbers: [UInt64] = []
        for part in parts {
            guard let number = number(part) else { return nil }
            numbers.append(number)
        }
        for number in numbers.dropLast() where number > 255 { return nil }
        let lastBytes = 5 - numbers.count
        guard let last = numbers.last, last < (UInt64(1) << (8 * lastBytes)) else { return nil }
        var value = last
        for (index, number) in numbers.dropLast().enumerated() { value |= number << (8 * (3 - index)) }
        return [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    private static func number(_ part: Substring) -> UInt64? {
        guard !part.isEmpty, part.utf8.count <= 34 else { return nil }
        let lower = part.lowercased()
        if lower.hasPrefix("0x") { return lower.count == 2 ? 0 : UInt64(lower.dropFirst(2), radix: 16) }
        if lower.count > 1, lower.hasPrefix("0") { return UInt64(lower.dropFirst(), radix: 8) }
        return UInt64(lower, radix: 10)
    }
}
