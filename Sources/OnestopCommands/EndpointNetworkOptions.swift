import ArgumentParser
import Foundation
import OnestopDomain

/// Where webhooks and robot messages may go, for `serve` and for the `endpoints` commands that add, change or
/// test an endpoint: public addresses only, unless these options allow more.
struct EndpointNetworkOptions: ParsableArguments {
    @Flag(help: "Also send to loopback addresses, and accept group-robot endpoints there on any path, for a local imitation in tests and demos. (env: ONESTOP_ALLOW_LOCAL_ENDPOINTS=1)")
    var allowLocalEndpoints = false

    @Option(name: .customLong("allow-private-endpoints"), help: ArgumentHelp(
        "A network (CIDR or one address, repeatable) webhooks may be sent to although it is private, link-local or otherwise not public, such as a station's receiver on the government intranet. (env: ONESTOP_ALLOW_PRIVATE_ENDPOINTS, comma-separated)",
        valueName: "cidr"))
    var allowPrivateEndpoints: [String] = []

    @Option(help: ArgumentHelp("Send every webhook and robot message through this proxy (http://host:port); the proxy environment (http_proxy, all_proxy) is ignored. (env: ONESTOP_WEBHOOK_PROXY)", valueName: "url"))
    var webhookProxy: String?

    var localEndpointsAllowed: Bool { Setting("allow-local-endpoints", env: "ONESTOP_ALLOW_LOCAL_ENDPOINTS").isOn(allowLocalEndpoints) }

    func policy() throws -> EndpointAddressPolicy {
        let setting = Setting("allow-private-endpoints", env: "ONESTOP_ALLOW_PRIVATE_ENDPOINTS")
        let given = allowPrivateEndpoints.isEmpty ? (setting.environmentText ?? "").split(separator: ",").map(String.init) : allowPrivateEndpoints
        var networks: [IPNetwork] = []
        for text in given where !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                networks.append(try IPNetwork(parsing: text))
            } catch {
                throw setting.refusal(error.description)
            }
        }
        return EndpointAddressPolicy(allowsLoopback: localEndpointsAllowed, allowedNetworks: networks)
    }

    func proxy() throws -> String? {
        let setting = Setting("webhook-proxy", env: "ONESTOP_WEBHOOK_PROXY")
        guard let text = setting.text(webhookProxy) else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https", "socks5", "socks5h"].contains(scheme), components.host?.isEmpty == false
        else {
            throw setting.refusal("must be a proxy URL such as http://proxy.internal:3128, not \(text)")
        }
        return text
    }
}
