import Foundation
import Hummingbird
import OnestopDomain
import OnestopStore

/// The days a console filter typed (`YYYY-MM-DD`, China time): from the start of the first to the end of
/// the last, since "to" a day includes it. A day that cannot be read is left out and said in `problems`.
struct DayPeriod {
    var from: Date?
    var to: Date?
    var problems: [String] = []

    init(from: String?, to: String?, language: PageLanguage) {
        func day(_ text: String?) -> Date? {
            guard let text, !text.isEmpty else { return nil }
            guard let date = WorkingCalendar.china.day(text) else {
                problems.append(language.say("日期格式应为 YYYY-MM-DD：\(text)", "dates are written YYYY-MM-DD: \(text)"))
                return nil
            }
            return date
        }
        self.from = day(from)
        self.to = day(to).map { $0.addingTimeInterval(86_400) }
    }
}
