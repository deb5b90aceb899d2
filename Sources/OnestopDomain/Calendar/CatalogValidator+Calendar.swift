extension CatalogValidator {
    /// A year's rules: its days lie in it, none is listed twice, a make-up working day is a Saturday or a
    /// Sunday, a span ends after it starts, and the notice is named.
    public func validate(calendarYear year: CalendarYear) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let subject = ValidationIssue.Subject.calendarYear(year.year)
        if !(2000...2100).contains(year.year) {
            issues.append(.init(subject, field: "year", zh: "年份应在 2000 至 2100 之间", en: "year must be from 2000 to 2100"))
        }
        issues += requireText(year.notice, subject, "notice", max: 500)
        if let source = year.source { issues += checkText(source, subject, "source", TextRule(.line, maxScalars: 500)) }
        var seen: [CivilDay: String] = [:]
        func check(_ day: CivilDay, _ field: String) {
            if day.year != year.year {
                issues.append(.init(subject, field: field,
                    zh: "\(day) 不在 \(year.year) 年内，应写入 \(day.year).yaml", en: "\(day) is not in \(year.year); it belongs in \(day.year).yaml"))
            }
            if let first = seen[day] {
                issues.append(.init(subject, field: field, zh: "\(day) 重复列出（已见于 \(first)）", en: "\(day) is listed twice (already in \(first))"))
            } else {
                seen[day] = field
            }
        }
        for (index, holiday) in year.holidays.enumerated() {
            let path = "holidays[\(index)]"
            issues += requireText(holiday.name, subject, "\(path).name", max: CatalogValidator.maxNameLength)
            if let notice = holiday.notice { issues += requireText(notice, subject, "\(path).notice", max: 500) }
            if holiday.daysOff.isEmpty && holiday.workingDays.isEmpty {
                issues.append(.init(subject, field: path, zh: "没有列出任何放假日或调休上班日", en: "lists no day off and no make-up working day"))
            }
            for (position, span) in holiday.daysOff.enumerated() {
                let field = "\(path).days_off[\(position)]"
                if span.last < span.first {
                    issues.append(.init(subject, field: field, zh: "\(span) 结束日早于开始日", en: "\(span) ends before it starts"))
                } else if span.last.number - span.first.number > 31 {
                    issues.append(.init(subject, field: field, zh: "\(span) 超过 31 天", en: "\(span) is longer than 31 days"))
                } else {
                    for day in span.days { check(day, field) }
                }
            }
            for (position, day) in holiday.workingDays.enumerated() {
                let field = "\(path).working_days[\(position)]"
                if !day.isWeekend {
                    issues.append(.init(subject, field: field,
                        zh: "调休上班日 \(day) 是\(day.weekday.nameZh)，应为周六或周日", en: "make-up working day \(day) is a \(day.weekday.key), not a Saturday or Sunday"))
                }
                check(day, field)
            }
        }
        return issues
    }

    /// A warning, not an error: the first of the next `days` days (from `today`) the calendar has no notice for.
    public func calendarGap(_ years: [CalendarYear], from today: CivilDay, days: Int = 60) -> CivilDay? {
        WorkingCalendar(timeZone: WorkingCalendar.china.timeZone, years: years).firstUncovered(from: today, within: days)
    }
}
