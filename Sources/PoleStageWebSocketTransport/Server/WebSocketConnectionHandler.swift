import Logging
import NIOCore
import NIOWebSocket

/// One upgraded WebSocket on the server, as a channel handler: it reassembles messages, inflates them, answers
/// pings and the close handshake, and hands each binary message to its ``ServerConnection``, on the event loop.
///
/// No task waits on the connection: an idle WebSocket costs its channel and this handler, not a suspended reader
/// (`DomainBenchmarks memory`); its streams' handlers are child tasks of the transport's `listen`. Reads stop while the channel cannot take writes, so a peer
/// that sends without reading cannot make the server buffer without bound. Keepalive and the close handshake are
/// decided by ``WebSocketStateMachine``; this handler carries out its actions.
final class WebSocketConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// A message being reassembled from its frames.
    private struct Fragments {
        var opcode: WebSocketOpcode
        var compressed: Bool
        var bytes: ByteBuffer
    }

    private let transport: WebSocketTransport.Server
    private let deflate: MessageDeflate?
    private let peer: String
    private let logger: Logger
    private var connection: ServerConnection?
    private var fragments: Fragments?
    private var stateMachine = WebSocketStateMachine()
    /// A read was asked for while the channel took no writes: it happens once the channel does.
    private var pendingRead = false
    /// Drains of the connection's writer waiting for the channel to take writes again.
    private var writableWaiters: [@Sendable () -> Void] = []
    private var pings: RepeatedTask?
    private var closeDeadline: Scheduled<Void>?

    init(transport: WebSocketTransport.Server, deflate: MessageDeflate?, peer: String, logger: Logger) {
        self.transport = transport
        self.deflate = deflate
        self.peer = peer
        self.logger = logger
    }

    private var configuration: WebSocketTransportConfiguration { self.transport.configuration }

    func handlerAdded(context: ChannelHandlerContext) {
        let sink = ChannelMessageSink(
            channel: context.channel,
            deflate: self.deflate,
            handler: NIOLoopBound(self, eventLoop: context.eventLoop),
            context: NIOLoopBound(context, eventLoop: context.eventLoop)
        )
        self.connection = self.transport.accept(outbound: sink, peer: self.peer, logger: self.logger)
        if let interval = self.configuration.pingInterval {
            let amount = TimeAmount(interval)
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            self.pings = context.eventLoop.scheduleRepeatedTask(initialDelay: amount, delay: amount) { _ in
                let (handler, context) = bound.value
                handler.ping(context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.stateMachine.channelClosed()
        self.stopTimers()
        self.writableWaiters.removeAll()
        self.connection?.closed()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case ChannelEvent.inputClosed = event else { return context.fireUserInboundEventTriggered(event) }
        // The client closed its side without a close frame: as after one.
        self.peerClosed(.normalClosure, context: context)
    }

    /// The client closed (a close frame, or the end of its input): once our close frame went, the channel closes;
    /// before, what is queued goes first, then a close frame echoing `code`.
    private func peerClosed(_ code: WebSocketErrorCode, context: ChannelHandlerContext) {
        switch self.stateMachine.peerClosed(code) {
        case .none:
            break
        case .endConnection(let code):
            self.fragments = nil
            self.connection?.end(code, reason: "")
        case .closeChannel:
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("WebSocket failed", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    // MARK: Reading

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        // RFC 6455 §5.1: a server closes the connection on a frame the client did not mask.
        guard frame.maskKey != nil else {
            return self.end(.protocolError, "client frames must be masked (RFC 6455 §5.1)")
        }
        guard !frame.rsv2, !frame.rsv3 else {
            return self.end(.protocolError, "reserved bits RSV2 and RSV3 must be clear")
        }
        switch frame.opcode {
        case .ping:
            guard self.stateMachine.answersPings else { return }
            context.writeAndFlush(
                self.wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)),
                promise: nil
            )
        case .pong:
            self.stateMachine.receivedPong()
        case .connectionClose:
            var data = frame.unmaskedData
            self.peerClosed(data.readWebSocketErrorCode() ?? .normalClosure, context: context)
        case .binary, .text:
            guard self.fragments == nil else {
                return self.end(.protocolError, "a new message began before the last one ended")
            }
            guard !frame.rsv1 || self.deflate != nil else {
                return self.end(.protocolError, "RSV1 is set but permessage-deflate was not agreed")
            }
            let fragments = Fragments(opcode: frame.opcode, compressed: frame.rsv1, bytes: frame.unmaskedData)
            self.receive(fragments, fin: frame.fin)
        case .continuation:
            guard var fragments = self.fragments else {
                return self.end(.protocolError, "a continuation frame with no message to continue")
            }
            guard !frame.rsv1 else { return self.end(.protocolError, "RSV1 is set on a continuation frame") }
            self.fragments = nil
            var data = frame.unmaskedData
            fragments.bytes.writeBuffer(&data)
            self.receive(fragments, fin: frame.fin)
        default:
            self.end(.protocolError, "unknown opcode \(frame.opcode)")
        }
    }

    /// A message's frames so far; hands the message on once `fin`.
    private func receive(_ fragments: Fragments, fin: Bool) {
        guard self.stateMachine.readsMessages else { return }
        guard fragments.bytes.readableBytes <= self.configuration.maxWebSocketMessageSize else {
            return self.end(.messageTooLarge, "message too big")
        }
        guard fin else {
            self.fragments = fragments
            return
        }
        guard fragments.opcode == .binary else {
            return self.end(
                .unacceptableData,
                "text messages are not supported: send each frame as one binary message"
            )
        }
        var message = fragments.bytes
        if fragments.compressed, let deflate = self.deflate {
            do {
                message = try deflate.inflate(message)
            } catch .tooLarge {
                self.logger.debug("Inflated message over the limit: closing with 1009")
                return self.end(.messageTooLarge, "message too big")
            } catch {
                return self.end(.protocolError, "the compressed message is corrupt")
            }
        }
        if case .close(let code, let reason) = self.connection?.receive(message) {
            self.end(code, reason)
        }
    }

    /// Closes the connection with `code` and `reason`, after what is queued; nothing more is read. The first call wins.
    private func end(_ code: WebSocketErrorCode, _ reason: String) {
        guard self.stateMachine.endRequested() else { return }
        self.fragments = nil
        self.connection?.end(code, reason: reason)
    }

    // MARK: Writing

    /// Sends the close frame (the connection's writer has written everything before it), then closes the channel
    /// once the client answered, or after the close timeout.
    fileprivate func sendClose(_ code: WebSocketErrorCode, reason: String, context: ChannelHandlerContext) {
        let action = self.stateMachine.sendingClose()
        guard action != .none else { return }
        var data = context.channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.write(webSocketErrorCode: code)
        data.writeString(reason)
        let frame = WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        if action == .writeCloseThenCloseChannel {
            context.writeAndFlush(self.wrapOutboundOut(frame)).whenComplete { _ in bound.value.close(promise: nil) }
            return
        }
        context.writeAndFlush(self.wrapOutboundOut(frame), promise: nil)
        self.closeDeadline = context.eventLoop.scheduleTask(in: TimeAmount(self.configuration.closeTimeout)) {
            bound.value.close(promise: nil)
        }
    }

    private func ping(context: ChannelHandlerContext) {
        switch self.stateMachine.pingTimerFired() {
        case .none:
            return
        case .closeForPingTimeout:
            self.logger.debug("The peer did not answer a ping: closing")
            self.stopTimers()
            self.fragments = nil
            self.connection?.end(.goingAway, reason: "Ping timeout")  // as docs/protocol.md words it
            return
        case .sendPing:
            break
        }
        let frame = WebSocketFrame(fin: true, opcode: .ping, data: context.channel.allocator.buffer(capacity: 0))
        context.writeAndFlush(self.wrapOutboundOut(frame), promise: nil)
    }

    private func stopTimers() {
        self.pings?.cancel()
        self.pings = nil
        self.closeDeadline?.cancel()
        self.closeDeadline = nil
    }

    // MARK: Backpressure

    func read(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            context.read()
        } else {
            self.pendingRead = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            let waiters = self.writableWaiters
            self.writableWaiters.removeAll()
            for waiter in waiters { waiter() }
            if self.pendingRead {
                self.pendingRead = false
                context.read()
            }
        }
        context.fireChannelWritabilityChanged()
    }

    /// Calls `body` when the channel takes writes again.
    fileprivate func whenWritable(_ body: @escaping @Sendable () -> Void) {
        self.writableWaiters.append(body)
    }
}

/// Where a server connection's ``FrameWriter`` writes: binary frames on the channel, deflated when agreed, from the
/// event loop.
struct ChannelMessageSink: EventLoopMessageSink {
    let channel: any Channel
    let deflate: MessageDeflate?
    let handler: NIOLoopBound<WebSocketConnectionHandler>
    let context: NIOLoopBound<ChannelHandlerContext>

    func execute(_ body: @escaping @Sendable () -> Void) {
        self.channel.eventLoop.execute(body)
    }

    var isWritable: Bool { self.context.value.channel.isWritable }

    func whenWritable(_ body: @escaping @Sendable () -> Void) {
        self.handler.value.whenWritable(body)
    }

    func write(_ message: ByteBuffer) throws {
        var frame = WebSocketFrame(fin: true, opcode: .binary, data: message)
        if let deflate {
            (frame.data, frame.rsv1) = try deflate.deflate(message)
        }
        self.context.value.write(NIOAny(frame), promise: nil)
    }

    func flush() {
        self.context.value.flush()
    }

    func sendClose(_ code: WebSocketErrorCode, reason: String) {
        self.handler.value.sendClose(code, reason: reason, context: self.context.value)
    }
}

extension TimeAmount {
    fileprivate init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
