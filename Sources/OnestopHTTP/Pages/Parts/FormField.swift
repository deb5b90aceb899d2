import Mustache

/// One field of a page's form (the `field` template): its label, a hint and an error tied to the input by
/// `aria-describedby`, and what was typed kept.
struct FormField: PageFragment, Hashable {
    enum Kind: Hashable {
        /// An `<input>` of this type.
        case input(String)
        /// A `<select>` of these `<option>`s, rendered (`PageFragments`).
        case select(String)
        case textarea
    }

    static let template = PageTemplate.field

    var name: String
    var label: String
    var kind: Kind
    var value: String
    var required: Bool
    /// Shown after the label of a field that may stay empty: `选填`.
    var optionalNote: String?
    var hint: String?
    var error: String?
    var autocomplete: String?
    var maxLength: Int?
    /// The element's id: `f-enterprise-contact-name` for `enterprise.contact_name`, unless the name alone does
    /// not make it unique on the page and `customID` says what it is.
    let id: String
    var rows: Int

    init(name: String, label: String, kind: Kind = .input("text"), value: String = "", required: Bool = true, optionalNote: String? = nil,
         hint: String? = nil, error: String? = nil, autocomplete: String? = nil, maxLength: Int? = nil, customID: String? = nil, rows: Int = 6) {
        self.name = name
        self.label = label
        self.kind = kind
        self.value = value
        self.required = required
        self.optionalNote = optionalNote
        self.hint = hint
        self.error = error
        self.autocomplete = autocomplete
        self.maxLength = maxLength
        self.rows = rows
        id = customID ?? "f-" + String(name.map { $0 == "." || $0 == "_" ? "-" : $0 })
    }

    /// The ids of the hint and the error, for `aria-describedby`.
    var describedBy: String? {
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
        case "element":
            switch kind {
            case .input: "input"
            case .select: "select"
            case .textarea: "textarea"
            }
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
        default: PageNames.unknown(name, in: "field")
        }
    }
}
