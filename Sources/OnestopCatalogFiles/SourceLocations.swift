import OnestopDomain

/// Where each entity and each of its fields was read, so that rules checked later can name a line.
struct SourceLocations {
    struct Entity {
        var file: String
        var line: Int
        var fieldLines: [String: Int] = [:]
    }

    private(set) var entities: [ValidationIssue.Subject: Entity] = [:]

    mutating func record(_ subject: ValidationIssue.Subject, file: String, line: Int) {
        entities[subject] = Entity(file: file, line: line)
    }

    mutating func record(_ subject: ValidationIssue.Subject, field: String, line: Int) {
        entities[subject]?.fieldLines[field] = line
    }

    func location(of subject: ValidationIssue.Subject) -> Entity? { entities[subject] }

    /// The problem for a validation issue, at the line of its field or of the nearest enclosing one.
    func problem(for issue: ValidationIssue, prefix: String) -> CatalogProblem {
        guard let entity = entities[issue.subject] else {
            return CatalogProblem(file: "?", line: 0, message: prefix + issue.message)
        }
        var field = issue.field
        while true {
            if let line = entity.fieldLines[field] {
                return CatalogProblem(file: entity.file, line: line, message: prefix + issue.message)
            }
            guard let cut = field.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            field = String(field[..<cut])
        }
        return CatalogProblem(file: entity.file, line: entity.line, message: prefix + issue.message)
    }
}
