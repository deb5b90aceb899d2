import Mustache

/// How the pages' templates escape what they show: `&`, `<`, `>`, `"` and `'` as character references,
/// as Mustache's own HTML escaping does, but reading bytes rather than characters, and returning text
/// with nothing to escape (nearly all of it) as it is. Every template names it in its first tag.
struct PageEscaping: MustacheContentType {
    static let name = "ONESTOP_HTML"
    /// The tag each template starts with.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}"

    func escapeText(_ text: String) -> String {
        guard let first = text.utf8.firstIndex(where: Self.needsEscaping) else { return text }
        var escaped: [UInt8] = []
        escaped.reserveCapacity(text.utf8.count + 16)
        escaped.append(contentsOf: text.utf8[..<first])
        for byte in text.utf8[first...] {
            switch byte {
            case UInt8(ascii: "&"): escaped.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): escaped.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): escaped.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): escaped.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): escaped.append(contentsOf: "&#39;".utf8)
            default: escaped.append(byte)
            }
        }
        return String(decoding: escaped, as: UTF8.self)
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
