import ArgumentParser
import Foundation
import OnestopCatalogFiles
import OnestopDomain

/// `onestop calendar 2026-10`: a month with its working days marked, as onestop counts them.
struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Print a month with its working days marked, as deadlines count them.",
        discussion: "Reads the database's calendar, or with --files the catalog directory's calendar/ files (before they are imported).")

    @Argument(help: ArgumentHelp("The month, YYYY-MM.", valueName: "month"))
    var month: String

    @Flag(name: .long, help: "Read the catalog directory's calendar files instead of the database.")
    var files = false

    @OptionGroup var catalog: CatalogOptions
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard Self.parse(month) != nil else { throw ValidationError("month must be like 2026-10") }
    }

    static func parse(_ text: String) -> (year: Int, month: Int)? {
        guard let first = CivilDay(text + "-01") else { return nil }
        return (first.year, first.parts.month)
    }

    func run() async throws {
        guard let (year, month) = Self.parse(month) else { throw ExitCode.validationFailure }
        let years: [CalendarYear]
        if files {
            guard let loaded = CatalogCommand.load(catalog.path) else { throw ExitCode.failure }
            years = loaded.calendar
        } else {
            years = try await database.open().calendarYears()
        }
        print(Self.render(year: year, month: month, years: years))
    }

    /// The month as a grid, Monday first: each day with 工 (a working day), 班 (a make-up working day), 休 (a day
    /// off) or nothing (a weekend), then the count of working days and the notice they come from.
    static func render(year: Int, month: Int, years: [CalendarYear]) -> String {
        let calendar = WorkingCalendar.china.with(years)
        let stored = years.first { $0.year == year }
        let daysOff = Set(stored?.daysOff ?? [])
        let madeUp = Set(stored?.workingDays ?? [])
        let first = CivilDay(year: year, month: month, day: 1)!
        let count = CivilDay.daysIn(month: month, year: year)
        var lines = ["\(year)年\(month)月"]
        lines.append(Weekday.allCases.map { String($0.nameZh.suffix(1)) }.joined(separator: "    "))
        var row = String(repeating: " ", count: 6 * (first.weekday.rawValue - 1))
        var working = 0
        for offset in 0..<count {
            let day = first.adding(days: offset)
            let mark: String
            if madeUp.contains(day) { mark = "班" } else if daysOff.contains(day) { mark = "休" } else if calendar.isWorkingDay(day) { mark = "工" } else { mark = "  " }
            if calendar.isWorkingDay(day) { working += 1 }
            let number = String(day.parts.day)
            row += (number.count == 1 ? " " : "") + number + mark + "  "
            if day.weekday == .sun || offset == count - 1 {
                lines.append(String(row.reversed().drop { $0 == " " }.reversed()))
                row = ""
            }
        }
        lines.append("工 = 工作日 (working day) · 班 = 调休上班 (make-up working day) · 休 = 放假 (day off) · 空白 = 周末 (weekend)")
        lines.append("工作日 \(working) 天 (\(working) working days)")
        if let stored {
            lines.append("依据 (from): \(stored.notice)" + (stored.published.map { "，\($0) 发布 (published \($0))" } ?? ""))
        } else {
            lines.append("注意：日历没有 \(year) 年的放假通知，按周一至周五计算 (warning: the calendar has no notice for \(year); counted Monday to Friday)")
        }
        return lines.joined(separator: "\n")
    }
}
