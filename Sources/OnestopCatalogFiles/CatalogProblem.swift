/// A problem in a catalog file, located by file and line: `stations/jinzhai.yaml:12: …`.
public struct CatalogProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file's path relative to the catalog directory.
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
