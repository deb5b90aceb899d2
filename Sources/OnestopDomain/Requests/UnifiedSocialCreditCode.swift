import Foundation

/// The unified social credit code (统一社会信用代码, GB 32100-2015) every Chinese firm has:
/// 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY`, the last a check character.
public struct UnifiedSocialCreditCode: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let values: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })
    /// 3^(i-1) mod 31 for positions 1 to 17.
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// Why a text is not a valid code, for messages that tell a firm what to fix.
    public enum Problem: Error, Sendable, Equatable {
        case length(Int)
        case character(Character, position: Int)
        case divisionCode
        case checkCharacter(expected: Character)

        public var zh: String {
            switch self {
            case .length(let count): "应为 18 位，实为 \(count) 位"
            case .character(let character, let position): "第 \(position) 位“\(character)”不是有效字符（不含 I、O、S、V、Z）"
            case .divisionCode: "第 3 至 8 位应为行政区划代码（数字）"
            case .checkCharacter(let expected): "校验位不符，请核对（按前 17 位计算应为 \(expected)）"
            }
        }

        public var en: String {
            switch self {
            case .length(let count): "must be 18 characters, not \(count)"
            case .character(let character, let position): "character \(position) (\(character)) is not allowed (no I, O, S, V or Z)"
            case .divisionCode: "characters 3 to 8 must be the division code (digits)"
            case .checkCharacter(let expected): "the check character does not match (the first 17 give \(expected)); please check the code"
            }
        }
    }

    /// Reads a code, ignoring surrounding spaces and letter case.
    public init?(_ text: String) {
        guard case .success(let code) = Self.parse(text) else { return nil }
        self = code
    }

    private init(checked value: String) {
        self.value = value
    }

    public static func parse(_ text: String) -> Result<UnifiedSocialCreditCode, Problem> {
        let characters = Array(text.trimmingCharacters(in: .whitespaces).uppercased())
        guard characters.count == 18 else { return .failure(.length(characters.count)) }
        var sum = 0
        for (index, character) in characters.prefix(17).enumerated() {
            guard let value = values[character] else { return .failure(.character(character, position: index + 1)) }
            sum += value * weights[index]
        }
        guard characters[2..<8].allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.divisionCode) }
        let expected = alphabet[(31 - sum % 31) % 31]
        guard characters[17] == expected else { return .failure(.checkCharacter(expected: expected)) }
        return .success(UnifiedSocialCreditCode(checked: String(characters)))
    }

    /// The administrative division code in positions 3 to 8.
    public var divisionCode: String { String(value.dropFirst(2).prefix(6)) }

    public var description: String { value }
}
