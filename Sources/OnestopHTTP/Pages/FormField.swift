/// One field of a page's form, written as HTML: its label, a hint and an error tied to the input by
/// `aria-describedby`, and what was typed kept. Written in Swift rather than looped over in Mustache,
/// whose lookups by dynamic cast made the request form the slowest page.
struct FormField {
    enum Kind {
        /// An `<input>` of this type.
        case input(String)
        /// A `<select>` with these `<option>`s, already written.
        case select(String)
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

    var html: String {
        let id = self.id
        var out = "<div class=\"field\(error == nil ? "" : " invalid")\">"
        out += "<label for=\"\(id)\">\(HTMLText.escape(label))"
        if required { out += " <span aria-hidden=\"true\">*</span>" }
        if let optionalNote { out += " <span class=\"optional\">（\(HTMLText.escape(optionalNote))）</span>" }
        out += "</label>"
        if let hint { out += "<p class=\"hint\" id=\"\(id)-hint\">\(HTMLText.escape(hint))</p>" }
        if let error { out += "<p class=\"error\" id=\"\(id)-error\">\(HTMLText.escape(error))</p>" }
        var attributes = ""
        if case .select = kind {} else if let maxLength { attributes += " maxlength=\"\(maxLength)\"" }
        if let autocomplete { attributes += " autocomplete=\"\(autocomplete)\"" }
        if required { attributes += " required aria-required=\"true\"" }
        if error != nil { attributes += " aria-invalid=\"true\"" }
        let described = [hint == nil ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }
        if !described.isEmpty { attributes += " aria-describedby=\"\(described.joined(separator: " "))\"" }
        let name = HTMLText.escape(self.name)
        switch kind {
        case .input(let type):
            out += "<input id=\"\(id)\" name=\"\(name)\" type=\"\(type)\" value=\"\(HTMLText.escape(value))\"\(attributes)>"
        case .select(let options):
            out += "<select id=\"\(id)\" name=\"\(name)\"\(attributes)>\(options)</select>"
        case .textarea:
            out += "<textarea id=\"\(id)\" name=\"\(name)\" rows=\"\(rows)\"\(attributes)>\(HTMLText.escape(value))</textarea>"
        }
        return out + "</div>"
    }
}
