import Foundation
import Hummingbird
import OnestopDomain

/// A year of the working-day calendar as the API shows it: the notice and its holidays as stored, every day
/// off and make-up working day spelled out, and whether onestop has the year at all (without it, deadlines
/// in the year are counted Monday to Friday).
struct CalendarView: ResponseEncodable {
    var year: Int
    var covered: Bool
    var notice: String?
    var published: CivilDay?
    var source: String?
    var holidays: [CalendarYear.Holiday]
    var daysOff: [CivilDay]
    var workingDays: [CivilDay]
    var counting: String

    init(year: Int, stored: CalendarYear?) {
        self.year = year
        covered = stored != nil
        notice = stored?.notice
        published = stored?.published
        source = stored?.source
        holidays = stored?.holidays ?? []
        daysOff = (stored?.daysOff ?? []).sorted()
        workingDays = (stored?.workingDays ?? []).sorted()
        counting = stored == nil
            ? "本年没有放假通知，工作日按周一至周五计算 (no notice for this year: working days are counted Monday to Friday)"
            : "周一至周五及调休上班日为工作日，放假日除外 (Monday to Friday and make-up working days, except days off)"
    }

    enum CodingKeys: String, CodingKey {
        case year, covered, notice, published, source, holidays, daysOff = "days_off", workingDays = "working_days", counting
    }
}
