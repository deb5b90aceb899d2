import OnestopDomain
import Testing

/// Which hosts a webhook may go to, by the URL's text: every spelling of an address is read as a URL parser
/// and the C library read it, and judged by where it leads.
@Suite struct EndpointAddressPolicyTests {
    @Test(arguments: [
        // host as the URL gives it, the address it is, the scope (nil: public, allowed)
        ("127.0.0.1", "127.0.0.1", AddressScope?.some(.loopback)),
        ("2130706433", "127.0.0.1", .loopback),
        ("0x7f000001", "127.0.0.1", .loopback),
        ("0177.0.0.1", "127.0.0.1", .loopback),
        ("0x7F.1", "127.0.0.1", .loopback),
        ("127.1", "127.0.0.1", .loopback),
        ("127.0.0.1.", "127.0.0.1", .loopback),
        ("[::1]", "::1", .loopback),
        ("::1", "::1", .loopback),
        ("[::ffff:127.0.0.1]", "127.0.0.1", .loopback),
        ("[::ffff:7f00:1]", "127.0.0.1", .loopback),
        ("[::127.0.0.1]", "::127.0.0.1", .loopback),
        ("[64:ff9b::7f00:1]", "64:ff9b::7f00:1", .loopback),
        ("169.254.169.254", "169.254.169.254", .linkLocal),
        ("0xa9fea9fe", "169.254.169.254", .linkLocal),
        ("[fe80::1%25eth0]", "fe80::1", .linkLocal),
        ("10.1.2.3", "10.1.2.3", .private),
        ("012.1.2.3", "10.1.2.3", .private),
        ("172.16.0.1", "172.16.0.1", .private),
        ("172.31.255.255", "172.31.255.255", .private),
        ("192.168.0.1", "192.168.0.1", .private),
        ("100.100.100.200", "100.100.100.200", .private),
        ("[fd12::1]", "fd12::1", .private),
        ("[2002:a00:1::]", "2002:a00:1::", .private),
        ("0.0.0.0", "0.0.0.0", .unspecified),
        ("0", "0.0.0.0", .unspecified),
        ("[::]", "::", .unspecified),
        ("255.255.255.255", "255.255.255.255", .broadcast),
        ("4294967295", "255.255.255.255", .broadcast),
        ("224.0.0.1", "224.0.0.1", .multicast),
        ("[ff02::1]", "ff02::1", .multicast),
        ("240.0.0.1", "240.0.0.1", .reserved),
        ("172.32.0.1", "172.32.0.1", nil),
        ("8.8.8.8", "8.8.8.8", nil),
        ("134744072", "8.8.8.8", nil),
        ("[2400:3200::1]", "2400:3200::1", nil),
        ("[::ffff:8.8.8.8]", "8.8.8.8", nil),
    ])
    func everySpellingIsJudgedByWhereItLeads(host: String, address: String, scope: AddressScope?) {
        let parsed = IPAddress(urlHost: host)
        #expect(parsed?.description == address)
        #expect(parsed.map { AddressScope(of: $0) } == scope ?? .global)
        let refusal = EndpointAddressPolicy.publicOnly.refusal(ofHost: host)
        #expect(refusal?.scope == scope)
    }

    /// A name, or what no parser reads as an address, is checked when it is connected to, not here.
    @Test(arguments: ["hooks.jinzhai.example", "1.2.3.4.5", "256.1.1.1.1", "example.cn.", "999999999999", "12a.1.1.1", "[::1", "[hooks]"])
    func aNameIsNoAddress(host: String) {
        #expect(IPAddress(urlHost: host) == nil)
        #expect(EndpointAddressPolicy.publicOnly.refusal(ofHost: host) == nil)
    }

    @Test func localhostNamesAreLoopback() {
        for host in ["localhost", "LOCALHOST", "api.localhost", "localhost."] {
            #expect(EndpointAddressPolicy.publicOnly.refusal(ofHost: host)?.scope == .loopback, "\(host)")
            #expect(EndpointAddressPolicy.allowingLoopback.refusal(ofHost: host) == nil, "\(host)")
        }
    }

    @Test func loopbackIsAllowedOnlyByItsOwnSwitchAndNetworksByTheirList() throws {
        let intranet = EndpointAddressPolicy(allowedNetworks: [try IPNetwork(parsing: "192.168.10.0/24"), try IPNetwork(parsing: "fd00::/8")])
        #expect(intranet.refusal(ofHost: "192.168.10.7") == nil)
        #expect(intranet.refusal(ofHost: "[::ffff:192.168.10.7]") == nil)
        #expect(intranet.refusal(ofHost: "[fd00::7]") == nil)
        #expect(intranet.refusal(ofHost: "192.168.11.7")?.scope == .private)
        #expect(intranet.refusal(ofHost: "127.0.0.1")?.scope == .loopback)
        #expect(EndpointAddressPolicy.allowingLoopback.refusal(ofHost: "[::1]") == nil)
        #expect(EndpointAddressPolicy.allowingLoopback.refusal(ofHost: "10.0.0.1")?.scope == .private)
        let refusal = try #require(EndpointAddressPolicy.publicOnly.refusal(ofHost: "2130706433"))
        #expect(refusal.en == "2130706433 (127.0.0.1) is a loopback address, which onestop does not send to unless the server allows it with --allow-local-endpoints")
        #expect(refusal.zh.hasPrefix("2130706433 (127.0.0.1) 是本机回环地址"))
    }

    @Test func networksAreParsedStrictly() {
        #expect(throws: IPNetwork.Problem.self) { try IPNetwork(parsing: "10.0.0.0/33") }
        #expect(throws: IPNetwork.Problem.self) { try IPNetwork(parsing: "2130706433/8") }
        #expect(throws: IPNetwork.Problem.self) { try IPNetwork(parsing: "fd00::/129") }
        #expect((try? IPNetwork(parsing: " 10.0.0.0/8 "))?.contains(IPAddress(bytes: [10, 200, 0, 1])) == true)
    }
}
