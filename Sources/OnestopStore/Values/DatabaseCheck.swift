/// What `onestop check` found: every table with its rows, and anything wrong.
public struct DatabaseCheck: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var rows: Int

        public init(name: String, rows: Int) {
            self.name = name
            self.rows = rows
        }
    }

    public var tables: [Table]
    /// Each problem in a line of its own; none when the database is sound.
    public var problems: [String]

    public init(tables: [Table], problems: [String]) {
        self.tables = tables
        self.problems = problems
    }

    public var isSound: Bool { problems.isEmpty }

    /// The migrations a database should have and has: those this build knows and the database lacks, and
    /// those the database has from a newer build.
    public static func migrationProblems(known: [String], applied: [String]) -> [String] {
        let missing = known.filter { !applied.contains($0) }
        let unknown = applied.filter { !known.contains($0) }
        var problems: [String] = []
        if !missing.isEmpty { problems.append("migrations not applied (run onestop migrate): \(missing.joined(separator: ", "))") }
        if !unknown.isEmpty { problems.append("migrations from a newer onestop: \(unknown.joined(separator: ", "))") }
        return problems
    }
}
