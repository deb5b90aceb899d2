import Foundation
import Hummingbird
import Mustache

/// The HTML pages' templates (Resources/templates), parsed once at start.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// The shipped templates, loaded on first use. They ship inside the binary's resources and a test renders
    /// every one, so failing to load them is a broken build, not a condition to handle.
    static let standard: PageRenderer = {
        do {
            return try shipped()
        } catch {
            fatalError("the page templates do not load: \(error)")
        }
    }()

    /// Loads every template shipped with the server.
    public static func shipped() throws -> PageRenderer {
        var library = MustacheLibrary()
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw PageRendererError("the templates folder is missing from the server's resources")
        }
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        where file.pathExtension == "mustache" {
            try library.register(String(contentsOf: file, encoding: .utf8), named: file.deletingPathExtension().lastPathComponent)
        }
        return PageRenderer(library: library)
    }

    /// An HTML response of `template` over `context`.
    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Self.response(html(template, context), status: status)
    }

    /// The rendered page's bytes, for pages kept for reuse.
    func html(_ template: String, _ context: [String: Any]) -> ByteBuffer {
        ByteBuffer(string: library.render(context, withTemplate: template) ?? "")
    }

    /// An HTML response of bytes already rendered.
    static func response(_ html: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"]
        secure(&headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: html))
    }

    /// What every page is sent with: nothing but this server's stylesheet may load, no script runs, forms
    /// post only here, no other site may frame it.
    static func secure(_ headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        if headers[.referrerPolicy] == nil { headers[.referrerPolicy] = "same-origin" }
    }

    /// The stylesheet, with a day's caching.
    static let stylesheet: ByteBuffer = {
        guard let url = Bundle.module.url(forResource: "onestop", withExtension: "css", subdirectory: "static"),
            let data = try? Data(contentsOf: url)
        else {
            return ByteBuffer()
        }
        return ByteBuffer(bytes: data)
    }()
}
