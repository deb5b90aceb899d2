import Foundation
import Hummingbird
import OnestopDomain

/// Strict reading of a request's query: unknown names, repeated names and malformed values are 400s
/// that name the parameter.
struct QueryParameters {
    private var values: [String: String] = [:]

    init(_ request: Request, allowed: Set<String>) throws {
        let query = QueryString(request)
        if query.malformed != nil { throw QueryString.malformedError }
        for (name, value) in query {
            guard allowed.contains(name) else { throw APIError.unknownParameter(name) }
            guard values[name] == nil else {
                throw APIError.invalidParameter(name, zh: "只能出现一次", en: "may be given only once")
            }
            values[name] = value
        }
    }

    /// The value, or nil when absent or empty.
    func string(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let value = values[name] else { return nil }
        switch TextRule.line(maxLength).check(value) {
        case .success(let text): return text.isEmpty ? nil : text
        case .failure(let problem): throw APIError.invalidParameter(name, zh: problem.zh, en: problem.en)
        }
    }

    /// The value of a parameter that takes a number or one of a set of words: present but empty is an error.
    func required(_ name: String, maxLength: Int) throws -> String? {
        guard values[name] != nil else { return nil }
        guard let text = try string(name, maxLength: maxLength) else {
            throw APIError.invalidParameter(name, zh: "不能为空", en: "must not be empty")
        }
        return text
    }

    func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = try required(name, maxLength: 12) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalidParameter(name,
                zh: "应为 \(range.lowerBound) 至 \(range.upperBound) 之间的整数",
                en: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func value<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = try required(name, maxLength: 40) else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.invalidParameter(name, zh: "可选值：\(allowed)", en: "must be one of \(allowed)")
        }
        return value
    }

    /// An ISO 8601 date (`2026-11-01`, China Standard Time) or date and time (`2026-11-01T08:00:00+08:00`).
    func date(_ name: String) throws -> Date? {
        guard let text = try required(name, maxLength: 40) else { return nil }
        if let date = WorkingCalendar.china.time(text) { return date }
        throw APIError.invalidParameter(name, zh: "应为日期，如 2026-11-01 或 2026-11-01T08:00:00+08:00",
                                        en: "must be a date like 2026-11-01 or 2026-11-01T08:00:00+08:00")
    }

    /// `page` and `per_page`, defaulting to the first page of 20.
    func page() throws -> PageRequest {
        PageRequest(
            page: try int("page", range: 1...100_000) ?? 1,
            perPage: try int("per_page", range: 1...PageRequest.maxPerPage) ?? PageRequest.defaultPerPage
        )
    }

    static let paging: Set<String> = ["page", "per_page"]
}
