import Foundation

/// Reads the JSON arrays of strings that list columns hold (`["茶叶","瓜片"]`) without a general
/// JSON decoder; anything unusual falls back to Foundation.
package enum JSONStringList {
    package static func decode(_ text: String) -> [String] {
        if text == "[]" { return [] }
        var utf8 = Array(text.utf8)
        if let fast = fastDecode(&utf8) { return fast }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// Strings without escapes only; nil when anything else is there.
    private static func fastDecode(_ bytes: inout [UInt8]) -> [String]? {
        guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]") else { return nil }
        var result: [String] = []
        var index = 1
        let end = bytes.count - 1
        while index < end {
            guard bytes[index] == UInt8(ascii: "\"") else { return nil }
            let start = index + 1
            var cursor = start
            while cursor < end, bytes[cursor] != UInt8(ascii: "\"") {
                if bytes[cursor] == UInt8(ascii: "\\") { return nil }
                cursor += 1
            }
            guard cursor < end else { return nil }
            result.append(String(decoding: bytes[start..<cursor], as: UTF8.self))
            index = cursor + 1
            if index < end {
                guard bytes[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        return result
    }
}
