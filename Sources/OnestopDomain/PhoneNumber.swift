/// Chinese phone numbers: mainland mobiles and landlines with an area code.
public enum PhoneNumber {
    /// The canonical form, or nil when `text` is not a phone number.
    ///
    /// Mobiles (11 digits, `1[3-9]…`) lose a `+86`/`86` prefix, spaces and hyphens: `13800001234`.
    /// Landlines keep one hyphen after the area code: `0564-5136080`, with an optional extension `-123`.
    public static func normalize(_ text: String) -> String? {
        var compact = text.filter { !$0.isWhitespace && $0 != "(" && $0 != ")" }
        if compact.hasPrefix("+86") {
            compact.removeFirst(3)
        } else if compact.hasPrefix("0086") {
            compact.removeFirst(4)
        }
        compact = compact.replacingOccurrences(of: "—", with: "-")
        let digits = compact.filter { $0 != "-" }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if digits.count == 13, digits.hasPrefix("86") {
            return mobile(String(digits.dropFirst(2)))
        }
        if let mobile = mobile(digits) { return mobile }
        return landline(compact)
    }

    /// The number as a group chat shows it, where many people read: a mobile's middle four digits hidden
    /// (`138****1234`), a landline's number but its last four (`0564-***6080`). Anything else shows only
    /// its last four characters.
    public static func masked(_ number: String) -> String {
        let characters = Array(number)
        if characters.count == 11, characters.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return String(characters[..<3]) + "****" + String(characters[7...])
        }
        if let hyphen = characters.firstIndex(of: "-") {
            let rest = characters[(hyphen + 1)...].prefix { $0 != "-" }
            guard rest.count > 4 else { return String(characters[...hyphen]) + "****" }
            return String(characters[...hyphen]) + String(repeating: "*", count: rest.count - 4) + String(rest.suffix(4))
        }
        return characters.count > 4 ? "****" + String(characters.suffix(4)) : "****"
    }

    static func mobile(_ digits: String) -> String? {
        let chars = Array(digits)
        guard chars.count == 11, chars[0] == "1", let second = chars[1].wholeNumberValue, (3...9).contains(second) else {
            return nil
        }
        return digits
    }

    static func landline(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let areaCode: String
        let local: String
        var extensionPart: String?
        switch parts.count {
        case 1:
            // 05645136080: a three- or four-digit area code starting with 0, then 7 or 8 digits.
            let digits = parts[0]
            guard digits.hasPrefix("0"), (10...12).contains(digits.count) else { return nil }
            let areaLength = digits.hasPrefix("01") || digits.hasPrefix("02") ? 3 : 4
            areaCode = String(digits.prefix(areaLength))
            local = String(digits.dropFirst(areaLength))
        case 2, 3:
            areaCode = parts[0]
            local = parts[1]
            if parts.count == 3 { extensionPart = parts[2] }
        default:
            return nil
        }
        guard areaCode.hasPrefix("0"), (3...4).contains(areaCode.count), (7...8).contains(local.count),
            local.first != "0"
        else { return nil }
        if let ext = extensionPart {
            guard (1...6).contains(ext.count) else { return nil }
            return "\(areaCode)-\(local)-\(ext)"
        }
        return "\(areaCode)-\(local)"
    }
}
