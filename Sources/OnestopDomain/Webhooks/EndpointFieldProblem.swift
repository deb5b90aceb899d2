import Foundation

/// Something wrong with one field of an endpoint's settings, in Chinese and in English.
public struct EndpointFieldProblem: Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var zh: String
    public var en: String

    public var description: String { "\(field): \(zh) (\(en))" }
}
