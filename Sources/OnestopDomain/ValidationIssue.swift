

/// One thing wrong with an entity, naming the field, in Chinese with English beside it.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// The entity the issue is about.
    public var subject: Subject
    /// The field, as a path into the entity: `phone`, `hours[1].opens`, `services[3].category`.
    public var field: String
    public var messageZh: String
    public var messageEn: String
    /// Where the values the field may take are listed, when the issue is a value that is not among them.
    public var choices: Choices?

    public enum Subject: Sendable, Equatable, Hashable {
        case region(String)
        case category(String)
        case station(String)
        case service(String)
        /// A year of the working-day calendar.
        case calendarYear(Int)
        /// A firm's submission.
        case request
    }

    /// Lists of values a field chooses from; each interface says where its readers find them.
    public enum Choices: Sendable, Equatable {
        case regions
        case categories
    }

    public init(_ subject: Subject, field: String, zh: String, en: String, choices: Choices? = nil) {
        self.subject = subject
        self.field = field
        self.messageZh = zh
        self.messageEn = en
        self.choices = choices
    }

    /// `字段 phone：电话号码格式不正确 (phone: not a valid phone number)`.
    public var message: String {
        "\(field)：\(messageZh) (\(field): \(messageEn))"
    }

    public var description: String { message }
}
