import OnestopDomain

extension IPAddress {
    /// The key a client's rate limits count under: its IPv4 address, or its IPv6 /64 (one household or
    /// office holds a whole /64, and can pick any address within it).
    static func limitKey(_ address: String?) -> String {
        guard let address, let parsed = IPAddress(address) else { return address ?? "unknown" }
        guard !parsed.isIPv4 else { return parsed.description }
        return IPAddress(bytes: Array(parsed.bytes[..<8]) + Array(repeating: 0, count: 8)).description + "/64"
    }
}
