/// The body of an action on a request: its one text field (a note, a reason or a summary, by action) and
/// whether the firm may not read it.
protocol ActionTextBody: KeyedRequestBody {
    var text: Sent<String> { get }
    var isInternal: Sent<Bool> { get }
    /// The text field's name, as problems name it.
    static var textField: String { get }
}

/// `accept` and the actions whose text is a note.
struct NoteBody: ActionTextBody {
    var text: Sent<String>
    var isInternal: Sent<Bool>
    static let textField = "note"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text = "note", isInternal = "internal"
    }

    typealias Field = CodingKeys
}

/// `decline` and `close`: why.
struct ReasonBody: ActionTextBody {
    var text: Sent<String>
    var isInternal: Sent<Bool>
    static let textField = "reason"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text = "reason", isInternal = "internal"
    }

    typealias Field = CodingKeys
}

/// `complete`: what was done.
struct SummaryBody: ActionTextBody {
    var text: Sent<String>
    var isInternal: Sent<Bool>
    static let textField = "summary"

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text = "summary", isInternal = "internal"
    }

    typealias Field = CodingKeys
}
