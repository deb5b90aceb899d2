import Foundation
@testable import OnestopDomain
import Testing

@Suite struct TextRuleTests {
    @Test func combiningMarksCountAsTheScalarsTheyAre() throws {
        // One `Character` to Swift, 300,001 scalars and 600 KB of UTF-8: refused on its bytes before it is normalised.
        let stacked = "A" + String(repeating: "\u{0301}", count: 300_000)
        #expect(stacked.count == 1)
        let huge = TextRule.line(100).check(stacked)
        #expect(huge == .failure(.init(zh: "过长：不能超过 400 字节", en: "too long: at most 400 bytes")))
        // Within the byte cap, the scalars after NFC are what is counted.
        let small = "A" + String(repeating: "\u{0301}", count: 150)
        guard case .failure(let problem) = TextRule.line(100).check(small) else { Issue.record("accepted"); return }
        #expect(problem.en == "must be at most 100 characters")
    }

    @Test func valuesAreKeptInNFCAndTrimmed() throws {
        // e + combining acute is stored as é, one scalar.
        let checked = try TextRule.line(5).check("  Cafe\u{0301}\n").get()
        #expect(checked == "Caf\u{00E9}")
        #expect(checked.unicodeScalars.count == 4)
        #expect(try TextRule.line(100).check("金寨县某茶业有限公司").get() == "金寨县某茶业有限公司")
        #expect(try TextRule.line(10).check("   ").get() == "")
    }

    @Test func theByteCapHoldsForWideCharacters() {
        let rule = TextRule(.line, maxScalars: 10, maxBytes: 12)
        #expect((try? rule.check("金寨县某").get()) == "金寨县某")
        guard case .failure(let problem) = rule.check("金寨县某茶") else { Issue.record("accepted"); return }
        #expect(problem.en == "too long: at most 12 bytes")
    }

    @Test(arguments: [
        ("A\u{1B}[2J", "U+001B", "control"), ("名\u{07}称", "U+0007", "control"), ("名\u{7F}", "U+007F", "control"),
        ("名\u{85}称", "U+0085", "control"), ("a\tb", "U+0009", "one line"), ("a\nb", "U+000A", "one line"),
        ("a\u{2028}b", "U+2028", "one line"), ("abc\u{202E}fdp.exe", "U+202E", "bidirectional"),
        ("x\u{2066}y", "U+2066", "bidirectional"), ("x\u{202A}y", "U+202A", "bidirectional"),
    ])
    func oneLineFieldsRefuseControlAndBidiCharacters(input: String, code: String, kind: String) {
        guard case .failure(let problem) = TextRule.line(100).check(input) else { Issue.record("accepted \(input.debugDescription)"); return }
        #expect(problem.en.contains(code))
        #expect(problem.en.contains(kind))
        #expect(problem.zh.contains(code))
    }

    @Test func multiLineFieldsKeepNewlinesAndTabsOnly() throws {
        let rule = TextRule.multiline(100)
        #expect(try rule.check("第一行\r\n第二行\r\t缩进").get() == "第一行\n第二行\n\t缩进")
        for refused in ["a\u{1B}]0;title\u{07}", "a\u{08}b", "a\u{202D}b", "a\u{0}b", "a\u{9B}b"] {
            guard case .failure = rule.check(refused) else { Issue.record("accepted \(refused.debugDescription)"); continue }
        }
    }

    @Test func asciiTextPassesUnchanged() throws {
        let text = String(repeating: "a", count: 4000)
        #expect(try TextRule.multiline(4000).check(text).get() == text)
        #expect(TextRule.multiline(3999).check(text) == .failure(.init(zh: "不能超过 3999 个字符", en: "must be at most 3999 characters")))
    }
}
