/// Every problem found in one input, to be reported at once.
public struct ValidationFailure: Error, Sendable, Equatable {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }
}
