/// The name of the one text field an action on a request carries.
protocol ActionTextField: Sendable {
    static var name: String { get }
}

/// `accept` and `progress`: a note.
enum NoteField: ActionTextField { static let name = "note" }
/// `decline` and `close`: why.
enum ReasonField: ActionTextField { static let name = "reason" }
/// `complete`: what was done.
enum SummaryField: ActionTextField { static let name = "summary" }

/// The body of an action on a request: its text field (named by `Field`) and whether the firm may not read it.
struct ActionTextBody<Field: ActionTextField>: JSONRequestBody {
    var text: Sent<String>
    var isInternal: Sent<Bool>

    static var fieldNames: Set<String> { [Field.name, "internal"] }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: BodyKey.self)
        text = try container.decode(Sent<String>.self, forKey: BodyKey(Field.name))
        isInternal = try container.decode(Sent<Bool>.self, forKey: BodyKey("internal"))
    }
}

typealias NoteBody = ActionTextBody<NoteField>
typealias ReasonBody = ActionTextBody<ReasonField>
typealias SummaryBody = ActionTextBody<SummaryField>
