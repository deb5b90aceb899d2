/// A message for the person configuring the server.
public struct ProblemText: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
