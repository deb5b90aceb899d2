/// Which addresses onestop sends webhooks and robot messages to: public ones only, unless the server is told
/// otherwise (`--allow-local-endpoints` for loopback, `--allow-private-endpoints CIDR` for anything else). Applied
/// when an endpoint is added or changed, to the URL's host, and again at every connection, to the address
/// actually connected to, so that a name that later resolves elsewhere cannot reach an internal service.
public struct EndpointAddressPolicy: Sendable, Equatable {
    /// Loopback addresses are allowed (local imitations, tests, demos).
    public var allowsLoopback: Bool
    /// Networks allowed whatever their scope: a station's receiver on the government intranet.
    public var allowedNetworks: [IPNetwork]

    public init(allowsLoopback: Bool = false, allowedNetworks: [IPNetwork] = []) {
        self.allowsLoopback = allowsLoopback
        self.allowedNetworks = allowedNetworks
    }

    /// Public addresses only.
    public static let publicOnly = EndpointAddressPolicy()
    /// Public and loopback addresses.
    public static let allowingLoopback = EndpointAddressPolicy(allowsLoopback: true)

    /// Why nothing may be sent to `address`, or nil when it may.
    public func refusal(of address: IPAddress) -> Refusal? {
        let scope = AddressScope(of: address)
        if scope == .global { return nil }
        if scope == .loopback && allowsLoopback { return nil }
        let inner = address.embeddedIPv4
        if allowedNetworks.contains(where: { $0.contains(address) || inner.map($0.contains) == true }) { return nil }
        return Refusal(address: address, scope: scope)
    }

    /// Why nothing may be sent to a URL's host, as far as its text tells (a literal address in any spelling,
    /// or `localhost`); a name is checked when it is connected to.
    public func refusal(ofHost host: String) -> Refusal? {
        let lower = host.lowercased()
        if lower == "localhost" || lower.hasSuffix(".localhost") || lower == "localhost." {
            return refusal(of: IPAddress(bytes: [127, 0, 0, 1])).map { Refusal(host: host, scope: $0.scope) }
        }
        guard let address = IPAddress(urlHost: host) else { return nil }
        return refusal(of: address).map { Refusal(host: host, address: address, scope: $0.scope) }
    }

    /// An address onestop will not send to, and what kind it is.
    public struct Refusal: Sendable, Equatable, CustomStringConvertible {
        public let host: String
        public let scope: AddressScope

        init(address: IPAddress, scope: AddressScope) {
            self.host = address.description
            self.scope = scope
        }

        init(host: String, address: IPAddress? = nil, scope: AddressScope) {
            self.host = address.map { host == $0.description ? host : "\(host) (\($0))" } ?? host
            self.scope = scope
        }

        /// `name`, which resolved to the address `refusal` is about.
        public init(resolved name: String, to refusal: Refusal) {
            self.host = "\(name) (\(refusal.host))"
            self.scope = refusal.scope
        }

        private var option: String { scope == .loopback ? "--allow-local-endpoints" : "--allow-private-endpoints" }

        public var zh: String { "\(host) 是\(scope.nameZh)，onestop 不向其发送（服务器以 \(option) 允许后方可）" }
        public var en: String { "\(host) is \(scope.nameEn), which onestop does not send to unless the server allows it with \(option)" }
        public var description: String { "\(zh) (\(en))" }
    }
}
