import ArgumentParser
import Foundation

/// One setting of a command as `serve` and every other command read it: the flag when it is given, else its
/// environment variable (an empty one counts as unset), else the default. A value that cannot be read, or is
/// out of range, is refused with an error naming both the flag and the variable, whichever of them it came from.
struct Setting {
    /// The flag without its dashes: `port` for `--port`.
    let flag: String
    let variable: String?

    init(_ flag: String, env variable: String? = nil) {
        self.flag = flag
        self.variable = variable
    }

    /// How the refusal names the setting: `--port (ONESTOP_PORT)`.
    var name: String { variable.map { "--\(flag) (\($0))" } ?? "--\(flag)" }

    /// The variable's value, nil when it is unset or empty.
    var environmentText: String? { variable.flatMap(Setting.environment) }

    func refusal(_ problem: String) -> ValidationError {
        ValidationError("\(name): \(problem)")
    }

    func text(_ given: String?) -> String? {
        given ?? environmentText
    }

    func text(_ given: String?, default fallback: String) -> String {
        given ?? environmentText ?? fallback
    }

    /// A value read from text by `parse`; `expected` says what it should look like.
    func value<T>(_ given: T?, default fallback: T, expected: String, _ parse: (String) -> T?) throws -> T {
        if let given { return given }
        guard let text = environmentText else { return fallback }
        guard let value = parse(text) else { throw refusal("must be \(expected), not \(text)") }
        return value
    }

    /// A value read from text by `parse`, nil when neither the flag nor the variable gives one.
    func value<T>(_ given: T?, expected: String, _ parse: (String) -> T?) throws -> T? {
        if let given { return given }
        guard let text = environmentText else { return nil }
        guard let value = parse(text) else { throw refusal("must be \(expected), not \(text)") }
        return value
    }

    func number(_ given: Double?, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        let number = try value(given, default: fallback, expected: "a number") { Double($0).flatMap { $0.isFinite ? $0 : nil } }
        guard range.contains(number) else {
            throw refusal("must be from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound)), not \(Self.format(number))")
        }
        return number
    }

    func whole(_ given: Int?, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        let number = try value(given, default: fallback, expected: "a whole number") { Int($0) }
        guard range.contains(number) else { throw refusal("must be from \(range.lowerBound) to \(range.upperBound), not \(number)") }
        return number
    }

    /// A switch: on when the flag is given or the variable is `1` or `true`.
    func isOn(_ given: Bool) -> Bool {
        given || ["1", "true"].contains(environmentText?.lowercased())
    }

    /// Reads an environment variable, treating an empty value as absent.
    static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
