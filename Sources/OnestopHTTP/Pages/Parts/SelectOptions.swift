import Mustache

/// The `<option>`s of one `<select>` (the `options` template).
struct SelectOptions: PageFragment {
    static let template = PageTemplate.options

    var options: [SelectOption]

    func child(named name: String) -> Any? {
        guard name == "options" else {
            PageNames.unknown(name, in: "options")
            return nil
        }
        return options
    }
}
