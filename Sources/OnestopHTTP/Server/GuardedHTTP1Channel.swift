import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel behind a ``ConnectionGate`` and with a ``RequestDeadlineHandler``:
/// slow, idle and surplus connections are closed instead of held.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    private let inner: HTTP1Channel
    private let limit: ConnectionLimit

    init(responder: @escaping HTTPChannelHandler.Responder, policy: ConnectionPolicy, limit: ConnectionLimit, logger: Logger) {
        self.limit = limit
        self.inner = HTTP1Channel(
            responder: responder,
            configuration: .init(additionalChannelHandlers: [RequestDeadlineHandler(policy: policy, logger: logger)])
        )
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionGate(limit: limit), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the limits of `policy`, one connection count for the whole server.
    static func guardedHTTP1(policy: ConnectionPolicy, logger: Logger) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            GuardedHTTP1Channel(responder: responder, policy: policy, limit: ConnectionLimit(maximum: policy.maxConnections), logger: logger)
        }
    }
}
