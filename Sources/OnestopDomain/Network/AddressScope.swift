/// Where an address leads: the public internet, or a place a webhook must not reach without being allowed.
public enum AddressScope: String, Sendable, CaseIterable {
    case global
    /// 127.0.0.0/8, ::1.
    case loopback
    /// 169.254.0.0/16 (where clouds keep their metadata service), fe80::/10.
    case linkLocal = "link-local"
    /// 10/8, 172.16/12, 192.168/16, 100.64/10 (shared address space, where some clouds keep their metadata
    /// service), fc00::/7, fec0::/10.
    case `private`
    /// 0.0.0.0/8, ::.
    case unspecified
    /// 255.255.255.255.
    case broadcast
    /// 224.0.0.0/4, ff00::/8.
    case multicast
    /// 240.0.0.0/4 and other blocks set aside, never a host on the internet.
    case reserved

    /// What an address is, an IPv6 address carrying an IPv4 one taken as that IPv4 address.
    public init(of address: IPAddress) {
        if let inner = address.embeddedIPv4 {
            self.init(of: inner)
            return
        }
        self = Self.blocks.first { $0.network.contains(address) }?.scope ?? .global
    }

    public var nameZh: String {
        switch self {
        case .global: "公网地址"
        case .loopback: "本机回环地址"
        case .linkLocal: "链路本地地址"
        case .private: "内网地址"
        case .unspecified: "未指定地址"
        case .broadcast: "广播地址"
        case .multicast: "组播地址"
        case .reserved: "保留地址"
        }
    }

    public var nameEn: String {
        switch self {
        case .global: "a public address"
        case .loopback: "a loopback address"
        case .linkLocal: "a link-local address"
        case .private: "a private address"
        case .unspecified: "an unspecified address"
        case .broadcast: "a broadcast address"
        case .multicast: "a multicast address"
        case .reserved: "a reserved address"
        }
    }

    private static let blocks: [(network: IPNetwork, scope: AddressScope)] = ([
        ("0.0.0.0/8", .unspecified), ("127.0.0.0/8", .loopback), ("169.254.0.0/16", .linkLocal),
        ("10.0.0.0/8", .private), ("172.16.0.0/12", .private), ("192.168.0.0/16", .private), ("100.64.0.0/10", .private),
        ("192.0.0.0/24", .reserved), ("198.18.0.0/15", .reserved),
        ("255.255.255.255/32", .broadcast), ("224.0.0.0/4", .multicast), ("240.0.0.0/4", .reserved),
        ("::/128", .unspecified), ("::1/128", .loopback), ("fe80::/10", .linkLocal), ("fc00::/7", .private), ("fec0::/10", .private),
        ("ff00::/8", .multicast), ("100::/64", .reserved),
    ] as [(String, AddressScope)]).map { (IPNetwork($0.0), $0.1) }
}
