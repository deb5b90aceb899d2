import Foundation

/// The work ledger as a spreadsheet opens it: UTF-8 with a byte-order mark (so that Excel and WPS read the
/// Chinese right), CRLF line ends, fields quoted as RFC 4180 says, and any cell a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a CR) neutralised with a leading `'`.
public enum LedgerCSV {
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static let columns = [
        "需求编号", "企业名称", "统一社会信用代码", "服务", "服务站", "服务专员", "收到时间", "受理时间", "承诺办结日期", "办结时间", "状态", "办理结果",
        "企业评价", "评价留言", "差评整改",
    ]

    /// The first bytes of the file: the mark and the header line.
    public static var head: [UInt8] { byteOrderMark + Array(line(columns).utf8) }

    /// One request's line, times in `calendar`'s time zone as `2026-10-08 16:00`.
    public static func line(_ entry: LedgerEntry, calendar: WorkingCalendar = .china, now: Date = Date()) -> String {
        func time(_ date: Date?) -> String {
            guard let date else { return "" }
            let day = calendar.civilDay(of: date)
            let seconds = Int(date.timeIntervalSince(calendar.start(of: day)))
            let hour = seconds / 3600, minute = seconds % 3600 / 60
            return "\(day) \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
        }
        return line([
            entry.id, entry.firm, entry.creditCode, entry.service, entry.station, entry.caseworker, time(entry.receivedAt),
            time(entry.acceptedAt), entry.promisedOn?.description ?? "", time(entry.completedAt), entry.status.nameZh, entry.outcome,
            entry.evaluation.map { EvaluationRules.describe($0.ratings) + ($0.setAside ? "（申诉复核后撤销）" : "") } ?? "",
            entry.evaluation?.comment ?? "", entry.evaluation?.followUp(at: now, calendar: calendar) ?? "",
        ])
    }

    /// Fields joined by commas, ending in CRLF.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// One field: neutralised when a spreadsheet would take it for a formula, then quoted when it holds a comma,
    /// a quote, a CR or an LF (quotes doubled).
    public static func field(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
