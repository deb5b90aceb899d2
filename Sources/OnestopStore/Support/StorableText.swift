/// Text as both stores keep it: PostgreSQL's `text` cannot hold U+0000 and SQLite's binding ends the text
/// there, so a receiver's answer that holds one keeps U+FFFD (�) in its place instead.
package enum StorableText {
    package static func clean(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }
}

extension StorableText {
    /// `text` cleaned and cut to at most `limit` characters: what a provider answers is kept, never all of it.
    package static func clean(_ text: String, limit: Int) -> String {
        let cleaned = clean(text)
        return cleaned.count > limit ? String(cleaned.prefix(limit)) + "…" : cleaned
    }
}
