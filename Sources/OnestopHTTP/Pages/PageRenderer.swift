import Foundation
import Hummingbird
import Mustache

/// The HTML pages' templates (Resources/templates), parsed once at start.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// The shipped templates, loaded once: `serve` checks them before it opens anything (`checkShipped`).
    private static let loaded = Result<PageRenderer, any Error> { try load() }

    /// Loads the shipped templates, failing with what is missing: every `PageTemplate` and every partial they include.
    public static func checkShipped() throws {
        _ = try loaded.get()
    }

    /// The shipped templates; reached only after `checkShipped` (the server's start) or in tests that render every page.
    static var standard: PageRenderer {
        switch loaded {
        case .success(let renderer): return renderer
        case .failure(let error): fatalError("the page templates do not load: \(error)")
        }
    }

    /// Loads every template in `folder` (the shipped ones by default), checking that each `PageTemplate` has one,
    /// that every partial a template includes (`{{> head}}`) exists, and that each starts by naming the pages'
    /// escaping (`PageEscaping`).
    static func load(from folder: URL? = nil) throws -> PageRenderer {
        guard let folder = folder ?? Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw PageRendererError("the templates folder is missing from the server's resources")
        }
        MustacheContentTypes.register(PageEscaping(), named: PageEscaping.name)
        var library = MustacheLibrary()
        var names = Set<String>()
        var included = Set<String>()
        var unescaped: [String] = []
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        where file.pathExtension == "mustache" {
            let text = try String(contentsOf: file, encoding: .utf8)
            let name = file.deletingPathExtension().lastPathComponent
            if !text.hasPrefix(PageEscaping.pragma) { unescaped.append("\(name).mustache") }
            try library.register(text, named: name)
            names.insert(name)
            included.formUnion(partials(in: text))
        }
        let missing = (PageTemplate.allCases.map(\.rawValue) + included.sorted()).filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw PageRendererError("page templates missing from \(folder.path): \(missing.map { "\($0).mustache" }.joined(separator: ", "))")
        }
        guard unescaped.isEmpty else {
            throw PageRendererError("page templates not starting with \(PageEscaping.pragma): \(unescaped.sorted().joined(separator: ", "))")
        }
        return PageRenderer(library: library)
    }

    /// The partials a template includes: `{{> head}}`.
    static func partials(in text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.range(of: "{{>") {
            rest = rest[open.upperBound...]
            guard let close = rest.range(of: "}}") else { break }
            names.insert(rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces))
            rest = rest[close.upperBound...]
        }
        return names
    }

    /// An HTML response of the page `model` describes, rendered with its template.
    func page(_ model: some PageModel, status: HTTPResponse.Status = .ok) -> Response {
        Self.response(html(model), status: status)
    }

    /// The rendered page's (or fragment's) bytes, for what is kept for reuse.
    func html<Model: PageFragment>(_ model: Model) -> ByteBuffer {
        ByteBuffer(string: library.render(model, withTemplate: Model.template.rawValue) ?? "")
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
