import NIOCore

/// The first handler of every connection: it closes a connection beyond the ``ConnectionLimit`` as soon
/// as it is accepted, and tells the handlers behind the HTTP decoder when bytes arrive.
final class ConnectionGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Sent down the pipeline before each read's bytes.
    struct BytesArrived: Sendable {}

    private let limit: ConnectionLimit
    private var admitted = false
    private var decided = false

    init(limit: ConnectionLimit) {
        self.limit = limit
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { decide(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        leave()
    }

    func channelActive(context: ChannelHandlerContext) {
        decide(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        leave()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard admitted else { return }
        context.fireUserInboundEventTriggered(BytesArrived())
        context.fireChannelRead(data)
    }

    private func decide(_ context: ChannelHandlerContext) {
        guard !decided else { return }
        decided = true
        admitted = limit.enter()
        if !admitted { context.close(promise: nil) }
    }

    private func leave() {
        guard admitted else { return }
        admitted = false
        limit.leave()
    }
}
