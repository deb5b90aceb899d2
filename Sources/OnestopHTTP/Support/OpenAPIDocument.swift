import Foundation

/// The OpenAPI 3.1 document shipped with the server (Sources/OnestopHTTP/Resources/openapi.yaml).
public enum OpenAPIDocument {
    public static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Data("openapi: 3.1.0\n".utf8) }
        return data
    }()
}
