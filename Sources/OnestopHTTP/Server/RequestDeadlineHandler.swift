import Logging
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow with its request head or body, or kept alive with
/// nothing to say, by the limits of a ``ConnectionPolicy``.
///
/// It sits after the HTTP decoder, so it sees whole heads and body ends; ``ConnectionGate``, at the
/// front of the pipeline, tells it when raw bytes arrive, which is when a head starts.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let policy: ConnectionPolicy
    private let logger: Logger
    private var state = ConnectionDeadlines()
    private var opened = false
    private var deadline: Scheduled<Void>?

    init(policy: ConnectionPolicy, logger: Logger) {
        self.policy = policy
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { open(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        open(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ConnectionGate.BytesArrived {
            apply(state.bytesArrived(), context)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: apply(state.headReceived(), context)
        case .body: break
        case .end: apply(state.requestEnded(), context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            apply(state.responseEnded(), context)
        }
        context.write(data, promise: promise)
    }

    private func open(_ context: ChannelHandlerContext) {
        guard !opened else { return }
        opened = true
        apply(state.opened(), context)
    }

    private func apply(_ action: ConnectionDeadlines.Action, _ context: ChannelHandlerContext) {
        switch action {
        case .keep:
            return
        case .disarm:
            deadline?.cancel()
            deadline = nil
        case .arm(let wait):
            deadline?.cancel()
            let timeout = policy.timeout(for: wait)
            let logger = logger
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
                logger.debug("closing a connection that sent no \(wait) within \(timeout)",
                             metadata: ["peer": "\(context.channel.remoteAddress?.description ?? "?")"])
                context.close(promise: nil)
            }
        }
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
