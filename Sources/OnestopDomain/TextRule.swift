import Foundation

/// How a piece of text from outside is held: its shape (one line, or several), its length in Unicode
/// scalars after NFC normalisation, and a cap on its bytes that is checked before anything else, so
/// that a huge value costs nothing to refuse.
///
/// Swift's `count` counts grapheme clusters: "A" followed by 300,000 combining accents is one
/// `Character`. Limits therefore count scalars, which no combining sequence can hide.
public struct TextRule: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        /// Names, phone numbers, keywords, codes: no control characters at all, no line breaks.
        case line
        /// Descriptions, notes and reasons: newlines and tabs kept, every other control character refused.
        case multiline
    }

    public var shape: Shape
    /// Unicode scalars allowed after NFC normalisation and trimming.
    public var maxScalars: Int
    /// UTF-8 bytes allowed, before and after normalisation.
    public var maxBytes: Int

    public init(_ shape: Shape, maxScalars: Int, maxBytes: Int? = nil) {
        self.shape = shape
        self.maxScalars = maxScalars
        self.maxBytes = maxBytes ?? maxScalars * 4
    }

    public static func line(_ maxScalars: Int) -> TextRule { TextRule(.line, maxScalars: maxScalars) }
    public static func multiline(_ maxScalars: Int) -> TextRule { TextRule(.multiline, maxScalars: maxScalars) }

    /// What is wrong with a value, in Chinese with English beside it.
    public struct Problem: Error, Sendable, Equatable {
        public var zh: String
        public var en: String

        public init(zh: String, en: String) {
            self.zh = zh
            self.en = en
        }
    }

    /// The value as it is kept: CR LF made LF, NFC-normalised, trimmed; empty when nothing is left.
    public func check(_ raw: String) -> Result<String, Problem> {
        if raw.utf8.count > maxBytes { return .failure(tooManyBytes) }
        var text = raw
        if shape == .multiline, text.utf8.contains(13) {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        if !text.unicodeScalars.allSatisfy(\.isASCII) {
            text = text.precomposedStringWithCanonicalMapping
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.utf8.count > maxBytes { return .failure(tooManyBytes) }
        if text.unicodeScalars.count > maxScalars {
            return .failure(Problem(zh: "不能超过 \(maxScalars) 个字符", en: "must be at most \(maxScalars) characters"))
        }
        if let refused = text.unicodeScalars.first(where: refuses) {
            let code = "U+" + String(refused.value, radix: 16, uppercase: true).leftPadded(to: 4)
            if Self.isBidiControl(refused) {
                return .failure(Problem(zh: "不能包含文字方向控制字符（\(code)）", en: "must not contain the bidirectional control character \(code)"))
            }
            if shape == .line, refused == "\n" || refused == "\t" || refused == "\u{2028}" || refused == "\u{2029}" {
                return .failure(Problem(zh: "只能是一行，不能包含换行或制表符（\(code)）", en: "must be one line, without line breaks or tabs (\(code))"))
            }
            return .failure(Problem(zh: "不能包含控制字符（\(code)）", en: "must not contain the control character \(code)"))
        }
        return .success(text)
    }

    private var tooManyBytes: Problem {
        Problem(zh: "过长：不能超过 \(maxBytes) 字节", en: "too long: at most \(maxBytes) bytes")
    }

    private func refuses(_ scalar: Unicode.Scalar) -> Bool {
        if Self.isBidiControl(scalar) { return true }
        if shape == .multiline, scalar == "\n" || scalar == "\t" { return false }
        if scalar == "\u{2028}" || scalar == "\u{2029}" { return shape == .line }
        return scalar.properties.generalCategory == .control
    }

    /// The embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069), which can make
    /// text read in an order other than the one it is stored in.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
