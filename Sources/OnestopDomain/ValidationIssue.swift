/// One thing wrong with an entity, naming the field, in Chinese with English beside it.
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    /// The entity the issue is about.
    public var subject: Subject
    /// The field, as a path into the entity: `phone`, `hours[1].opens`, `services[3].category`.
    public var field: String
    public var messageZh: String
    public var messageEn: String

    public enum Subject: Sendable, Equatable, Hashable {
        case region(String)
        case category(String)
        case station(String)
        case service(String)
        /// A firm's submission.
        case request
    }

    public init(_ subject: Subject, field: String, zh: String, en: String) {
        self.subject = subject
        self.field = field
        self.messageZh = zh
        self.messageEn = en
    }

    /// `字段 phone：电话号码格式不正确 (phone: not a valid phone number)`.
    public var message: String {
        "\(field)：\(messageZh) (\(field): \(messageEn))"
    }

    public var description: String { message }
}

/// Every problem found in one input, to be reported at once.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }
}
