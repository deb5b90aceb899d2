import Mustache

/// One field of a page's form (the `field` partial): its label, a hint and an error tied to the input by
/// `aria-describedby`, and what was typed kept.
struct FormField: MustacheParent {
    enum Kind {
        /// An `<input>` of this type.
        case input(String)
        /// A `<select>` of these options.
        case select([SelectOption])
        case textarea
    }

    var name: String
    var label: String
    var kind: Kind = .input("text")
    var value: String = ""
    var required = true
    /// Shown after the label of a field that may stay empty: `选填`.
    var optionalNote: String?
    var hint: String?
    var error: String?
    var autocomplete: String?
    var maxLength: Int?
    /// The element's id when the name alone does not make it unique on the page.
    var customID: String?
    var rows = 6

    /// `enterprise.contact_name` → `f-enterprise-contact-name`.
    var id: String {
        customID ?? "f-" + name.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
    }

    /// The ids of the hint and the error, for `aria-describedby`.
    var describedBy: String? {
        let id = self.id
        let ids = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }
        return ids.isEmpty ? nil : ids.joined(separator: " ")
    }

    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "label": label
        case "value": value
        case "required": required
        case "optionalNote": optionalNote.orMissing
        case "hint": hint.orMissing
        case "hasHint": hint != nil
        case "error": error.orMissing
        case "hasError": error != nil
        case "autocomplete": autocomplete.orMissing
        case "describedBy": describedBy.orMissing
        case "rows": String(rows)
        case "isInput":
            if case .input = kind { true } else { false }
        case "inputType":
            if case .input(let type) = kind { type } else { Missing() }
        case "isSelect":
            if case .select = kind { true } else { false }
        case "options":
            if case .select(let options) = kind { options } else { Missing() }
        case "isTextarea":
            if case .textarea = kind { true } else { false }
        case "maxLength":
            if case .select = kind { Missing() } else { maxLength.map(String.init).orMissing }
        default: nil
        }
    }
}
