/// Escaping for HTML built outside templates (`<option>` lists rendered in Swift for speed).
enum HTMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// `<option>`s of a `<select>`, the one whose value is `selected` marked so, after an empty-valued
    /// `placeholder` option when one is given (请选择, Choose).
    static func options(_ choices: [(value: String, label: String)], selected: String?, placeholder: String? = nil) -> String {
        (placeholder.map { "<option value=\"\">\(escape($0))</option>" } ?? "") + choices.map { choice in
            "<option value=\"\(escape(choice.value))\"\(choice.value == selected ? " selected" : "")>\(escape(choice.label))</option>"
        }.joined()
    }
}
