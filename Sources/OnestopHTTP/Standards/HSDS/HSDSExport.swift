import Foundation
import OnestopDomain

/// `onestop catalog export --format hsds DIR`: the same objects `/hsds/` serves, as JSON files: `services.json` (each
/// fully nested), `organizations.json`, `service_at_locations.json`, `taxonomies.json` and `taxonomy_terms.json`,
/// each an array, and `index.json` with the version.
public enum HSDSExport {
    /// Writes the files; returns their names.
    public static func write(_ catalog: Catalog, to directory: URL) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let hsds = HSDSDirectory(catalog)
        var organizations = hsds.organizations
        for index in organizations.indices {
            organizations[index].services = hsds.serviceAtLocations.compactMap(\.service).filter { $0.organization_id == organizations[index].id }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var written: [String] = []
        func file(_ name: String, _ value: some Encodable) throws {
            try encoder.encode(value).write(to: directory.appendingPathComponent(name), options: .atomic)
            written.append(name)
        }
        try file("index.json", HSDS.Root(version: HSDS.version, profile: "https://docs.openreferral.org/en/latest/hsds/", openapi_url: "/openapi.yaml"))
        try file("services.json", hsds.services)
        try file("organizations.json", organizations)
        try file("service_at_locations.json", hsds.serviceAtLocations)
        try file("taxonomies.json", [hsds.taxonomy])
        try file("taxonomy_terms.json", hsds.terms)
        return written
    }
}
