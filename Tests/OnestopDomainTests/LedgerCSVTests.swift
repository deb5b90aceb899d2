import Foundation
import OnestopDomain
import Testing

@Suite struct LedgerCSVTests {
    @Test func fieldsAreQuotedAsRFC4180SaysAndFormulasNeutralised() {
        #expect(LedgerCSV.field("六安瓜片") == "六安瓜片")
        #expect(LedgerCSV.field("a,b") == "\"a,b\"")
        #expect(LedgerCSV.field("说\"好\"的") == "\"说\"\"好\"\"的\"")
        #expect(LedgerCSV.field("第一行\r\n第二行") == "\"第一行\r\n第二行\"")
        #expect(LedgerCSV.field("one\ntwo") == "\"one\ntwo\"")
        for formula in ["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            #expect(LedgerCSV.field(formula).hasPrefix("'") || LedgerCSV.field(formula).hasPrefix("\"'"), "\(formula)")
        }
        #expect(LedgerCSV.field("=1,2") == "\"'=1,2\"")
        #expect(LedgerCSV.field("2026-10-08 16:00") == "2026-10-08 16:00")
        #expect(LedgerCSV.field("") == "")
    }

    @Test func theFileStartsWithTheMarkAndEveryLineEndsInCRLF() throws {
        #expect(Array(LedgerCSV.head.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let header = String(decoding: LedgerCSV.head.dropFirst(3), as: UTF8.self)
        #expect(header.hasSuffix("\r\n") && header.hasPrefix("需求编号,企业名称,统一社会信用代码"))
        let received = ISO8601DateFormatter().date(from: "2026-09-30T16:00:00+08:00")!
        let entry = LedgerEntry(
            id: "LA-20260930-0001", firm: "=cmd|' /C calc'!A0", creditCode: "91341500MA2N0XXX1X", service: "茶叶检测（JZ-TEA-001）",
            station: "金寨县一站式质量服务站", caseworker: "吴霞", receivedAt: received, acceptedAt: received.addingTimeInterval(3600),
            promisedOn: CivilDay("2026-10-10"), completedAt: nil, status: .accepted, outcome: "")
        let line = LedgerCSV.line(entry)
        #expect(line == "LA-20260930-0001,'=cmd|' /C calc'!A0,91341500MA2N0XXX1X,茶叶检测（JZ-TEA-001）,金寨县一站式质量服务站,吴霞,2026-09-30 16:00,2026-09-30 17:00,2026-10-10,,已受理,,,,\r\n")
    }

    @Test func anEvaluatedLineCarriesTheLevelsTheCommentAndTheFollowUp() throws {
        let received = ISO8601DateFormatter().date(from: "2026-09-30T16:00:00+08:00")!
        let due = ISO8601DateFormatter().date(from: "2026-10-14T10:00:00+08:00")!
        var entry = LedgerEntry(
            id: "LA-20260930-0001", firm: "某公司", creditCode: "91341500MA2N0XXX1X", service: "茶叶检测（JZ-TEA-001）",
            station: "金寨站", caseworker: "吴霞", receivedAt: received, acceptedAt: nil, promisedOn: nil, completedAt: nil, status: .completed,
            outcome: "已出具报告",
            evaluation: .init(ratings: .init(overall: .dissatisfied, attitude: .satisfied), comment: "=慢", setAside: false, followUpDue: due, answeredAt: nil))
        #expect(LedgerCSV.line(entry, now: due).hasSuffix(",已出具报告,整体满意度 不满意；服务态度 满意,'=慢,待反馈（截止 2026-10-14）\r\n"))
        #expect(LedgerCSV.line(entry, now: due.addingTimeInterval(1)).hasSuffix(",逾期未反馈\r\n"))
        entry.evaluation?.answeredAt = due
        #expect(LedgerCSV.line(entry, now: due.addingTimeInterval(86_400)).hasSuffix(",已按时反馈\r\n"))
        entry.evaluation?.setAside = true
        #expect(LedgerCSV.line(entry).hasSuffix(",整体满意度 不满意；服务态度 满意（申诉复核后撤销）,'=慢,\r\n"))
        #expect(LedgerCSV.columns.suffix(3) == ["企业评价", "评价留言", "差评整改"])
    }
}
