import NIOCore

/// Closes a new connection that has not been answered within a deadline.
///
/// hummingbird-websocket's upgrade pipeline waits for a whole request head with no time limit, and keeps a connection
/// open after bytes that are not HTTP: a client sending half a request, or garbage, would hold it forever. This handler
/// sits first in the pipeline, sees raw bytes, and closes the connection unless the server has started writing (the
/// upgrade's 101, or any HTTP response) before the deadline; then it removes itself. After that, Hummingbird's own
/// idle timeout (plain HTTP) or the transport's (WebSocket) applies.
final class FirstResponseDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?
    private var answered = false

    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { self.startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        self.startTimer(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.timer = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !self.answered {
            self.answered = true
            self.timer?.cancel()
            self.timer = nil
            context.write(data, promise: promise)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        context.write(data, promise: promise)
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard self.timer == nil, !self.answered else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.deadline) {
            loopBound.value.close(promise: nil)
        }
    }
}
