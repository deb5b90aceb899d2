/// How long a client may take over each part of a request, and how many may be connected at once.
///
/// The defaults hold a few thousand slow clients at bay without troubling a firm on a slow mobile
/// line: a request head must arrive within 10 s of its first byte (or of connecting), its body within
/// 30 s of the head, a kept-alive connection with nothing to say closes after 60 s, and connections
/// beyond 4,096 are closed as soon as they are accepted.
public struct ConnectionPolicy: Sendable, Equatable {
    public var headTimeout: Duration
    public var bodyTimeout: Duration
    public var idleTimeout: Duration
    public var maxConnections: Int

    public init(headTimeout: Duration = .seconds(10), bodyTimeout: Duration = .seconds(30),
                idleTimeout: Duration = .seconds(60), maxConnections: Int = 4096) {
        self.headTimeout = headTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The limit for one kind of wait.
    func timeout(for wait: ConnectionDeadlines.Wait) -> Duration {
        switch wait {
        case .head: headTimeout
        case .body: bodyTimeout
        case .idle: idleTimeout
        }
    }
}
