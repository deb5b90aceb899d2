import Mustache

/// One `<option>` of a `<select>` (in the `options` template).
struct SelectOption: MustacheParent {
    var value: String
    var label: String
    var selected: Bool

    /// The choices as options, the one whose value is `selected` marked so, after an empty-valued
    /// `placeholder` option when one is given (请选择, Choose).
    static func list(_ choices: [(value: String, label: String)], selected: String?, placeholder: String? = nil) -> [SelectOption] {
        (placeholder.map { [SelectOption(value: "", label: $0, selected: false)] } ?? [])
            + choices.map { SelectOption(value: $0.value, label: $0.label, selected: $0.value == selected) }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}
