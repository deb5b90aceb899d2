import OnestopDomain

/// Text from firms, receivers or robots made inert before a command prints it: control characters,
/// escape sequences, bidirectional controls and line separators are shown as visible escapes
/// (`\u001b`), so that nothing sent from outside can clear a clerk's screen, move the cursor, or
/// draw a line that looks like one onestop printed.
enum TerminalText {
    /// One line: every control character, the tab and line breaks included, escaped.
    static func line(_ text: String) -> String {
        escaped(text, newlines: nil)
    }

    /// Several lines, each after the first indented by `indent` so that it reads as part of its label;
    /// every control character but the line break escaped.
    static func block(_ text: String, indent: String) -> String {
        escaped(text, newlines: indent)
    }

    /// `newlines` is the indent after each kept line break; nil escapes line breaks too.
    private static func escaped(_ text: String, newlines indent: String?) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if let indent, scalar == "\n" || scalar == "\r" {
                if scalar == "\n" && afterCR { continue }
                result.append("\n")
                result.append(contentsOf: indent.unicodeScalars)
            } else if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: TextRule.isBidiControl(scalar)
        }
    }
}
