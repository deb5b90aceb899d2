import Foundation
@testable import OnestopHTTP
import OnestopTestSupport
import Testing

/// The pages' templates are checked when the server starts, not when a page is first asked for.
@Suite struct PageTemplateTests {
    static let shipped = Fixtures.packageRoot.appendingPathComponent("Sources/OnestopHTTP/Resources/templates")

    /// A copy of the shipped templates, with `change` made to it.
    func templates(_ change: (URL) throws -> Void) throws -> URL {
        let folder = try Fixtures.temporaryDirectory().appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Self.shipped, to: folder)
        try change(folder)
        return folder
    }

    @Test func everyPageHasItsTemplateAndEveryPartialExists() throws {
        _ = try PageRenderer.load(from: Self.shipped)
        try PageRenderer.checkShipped()
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.shipped.path).map { ($0 as NSString).deletingPathExtension }
        #expect(Set(PageTemplate.allCases.map(\.rawValue)).isSubset(of: Set(names)))
    }

    @Test func aMissingTemplateIsRefusedNamingIt() throws {
        let folder = try templates { try FileManager.default.removeItem(at: $0.appendingPathComponent("track.mustache")) }
        #expect(throws: PageRendererError.self) { try PageRenderer.load(from: folder) }
        do {
            _ = try PageRenderer.load(from: folder)
        } catch {
            #expect("\(error)".contains("track.mustache"))
        }
    }

    @Test func aMissingPartialIsRefusedNamingIt() throws {
        let folder = try templates { folder in
            let search = folder.appendingPathComponent("search.mustache")
            let text = try String(contentsOf: search, encoding: .utf8)
            try text.replacingOccurrences(of: "{{> head}}", with: "{{> header}}").write(to: search, atomically: true, encoding: .utf8)
        }
        do {
            _ = try PageRenderer.load(from: folder)
            Issue.record("a template including a partial that does not exist was accepted")
        } catch {
            #expect("\(error)".contains("header.mustache"))
        }
    }

    @Test func aTemplateThatDoesNotNameThePagesEscapingIsRefused() throws {
        let folder = try templates { folder in
            let track = folder.appendingPathComponent("track.mustache")
            let text = try String(contentsOf: track, encoding: .utf8)
            try String(text.dropFirst(PageEscaping.pragma.count)).write(to: track, atomically: true, encoding: .utf8)
        }
        do {
            _ = try PageRenderer.load(from: folder)
            Issue.record("a template escaping with Mustache's default was accepted")
        } catch {
            #expect("\(error)".contains("track.mustache"))
        }
    }

    @Test func theEscapingEscapesWhatHTMLNeedsAndKeepsTheRest() {
        let escaping = PageEscaping()
        #expect(escaping.escapeText(#"<a href="x" title='y'>&</a>"#) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(escaping.escapeText("六安市计量所 · 電能表 é\u{301} 🧪") == "六安市计量所 · 電能表 é\u{301} 🧪")
        #expect(escaping.escapeText("检测<script>") == "检测&lt;script&gt;")
        #expect(escaping.escapeText("") == "")
    }
}
