import Mustache

/// One term and its description in a `<dl>`.
struct Term: MustacheParent {
    var term: String
    var value: String

    init(_ term: String, _ value: String) {
        self.term = term
        self.value = value
    }

    func child(named name: String) -> Any? {
        switch name {
        case "term": term
        case "value": value
        default: nil
        }
    }
}
