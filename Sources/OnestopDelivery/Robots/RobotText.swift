import OnestopDomain

/// Text from outside (a firm's name, description, contact; a note) made inert for a group chat, where
/// many people read it under the robot's name: no link, no @-mention and no markup can come of it.
///
/// - A scheme's `://` becomes `[:]//`, and the dots of anything that looks like a host name
///   (`evil.example`, `1.2.3.4`) become `[.]`, the notation security teams use for links that must not
///   be clicked: still readable, never linked by a chat app.
/// - `@` becomes the full-width `＠`, so that no text mentions anyone; `<` and `>` become `＜` `＞`, so
///   that no `<@userid>`, `<at>` or `<font>` is read as markup.
/// - For markdown, the characters markdown reads are escaped with a backslash.
/// - Line breaks become spaces: a message's lines are onestop's.
enum RobotText {
    static func inert(_ text: String, markdown: Bool) -> String {
        guard text.unicodeScalars.contains(where: { !$0.properties.isAlphabetic || $0.isASCII }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case ":" where scalars[safe: index + 1] == "/" && scalars[safe: index + 2] == "/":
                result += markdown ? "\\[:\\]" : "[:]"
            case "." where isHostDot(scalars, index):
                result += markdown ? "\\[.\\]" : "[.]"
            case "@": result += "＠"
            case "<": result += "＜"
            case ">": result += "＞"
            case "\n", "\r", "\u{2028}", "\u{2029}": result += " "
            case _ where markdown && markdownCharacters.contains(scalar):
                result += "\\" + String(scalar)
            default:
                if scalar.properties.generalCategory == .control || TextRule.isBidiControl(scalar) {
                    result += " "
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    private static let markdownCharacters = Set("[]()*_`#~|!\\".unicodeScalars)

    /// A dot between ASCII letters or digits, in a run of them that has a letter after a dot or
    /// three dots (an IPv4 address); `3.5` and `20.5 吨` are left as they are.
    private static func isHostDot(_ scalars: [Unicode.Scalar], _ index: Int) -> Bool {
        guard let before = scalars[safe: index - 1], let after = scalars[safe: index + 1], isHostCharacter(before), isHostCharacter(after) else {
            return false
        }
        var start = index, end = index
        while start > 0, isHostCharacter(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        while end + 1 < scalars.count, isHostCharacter(scalars[end + 1]) || scalars[end + 1] == "." { end += 1 }
        let run = scalars[start...end]
        let dots = run.filter { $0 == "." }.count
        let letterAfterDot = zip(run, run.dropFirst()).contains { $0 == "." && $1.properties.isAlphabetic }
        return dots >= 3 || letterAfterDot
    }

    private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-")
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
