import ArgumentParser
import Foundation
import OnestopCatalogFiles
import OnestopDelivery
import OnestopDomain

/// Where the notices file is, for `serve` and `notices test`.
struct NoticeOptions: ParsableArguments {
    @Option(name: .customLong("notices"), help: ArgumentHelp(
        "The notices file: the SMS provider and mail server that tell firms of their requests (see notices.example.yaml). Without it, firms are offered no notices. (env: ONESTOP_NOTICES)",
        valueName: "path"))
    var path: String?

    var setting: Setting { Setting("notices", env: "ONESTOP_NOTICES") }

    /// The providers the file names, or nil when no file is given; a file with problems stops the command with every problem listed.
    func providers(publicURL: String) throws -> NoticeProviders? {
        guard let path = setting.text(path) else { return nil }
        do {
            return try NoticeSettingsFile.load(path, publicURL: publicURL)
        } catch {
            throw setting.refusal("the notices file has problems:\n\(error)")
        }
    }

    /// A transport for the providers: staff chose them, so any address they name may be reached (a city's SMS platform and
    /// mail relay are often on its own network); TLS is still verified.
    static func transport() -> CurlTransport {
        let everywhere = ["0.0.0.0/0", "::/0"].compactMap { try? IPNetwork(parsing: $0) }
        return CurlTransport(configuration: .init(connectTimeout: .seconds(5), totalTimeout: .seconds(15), userAgent: "onestop-notices/1",
                                                  addresses: EndpointAddressPolicy(allowsLoopback: true, allowedNetworks: everywhere)))
    }
}
