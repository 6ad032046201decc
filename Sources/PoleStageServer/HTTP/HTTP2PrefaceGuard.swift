import NIOCore
import NIOSSL

/// Bounds the start of a connection to the native gRPC (HTTP/2) port: the client's 24-byte connection preface
/// (`PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`, RFC 9113 §3.4) must arrive within ``ServerConfiguration/requestHeadTimeout``,
/// and a first byte that departs from it closes the connection at once.
///
/// NIOHTTP2 waits for the whole preface before it judges it: a client that sends a few bytes (random bytes, a TLS
/// hello on the plain-text port) and then nothing would hold its connection for ever. HTTP/2 has no status to answer
/// before the preface, so the connection just closes. Once the preface has arrived, the guard leaves the pipeline.
final class HTTP2PrefaceGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private let timeout: TimeAmount
    private var matched = 0
    private var timer: Scheduled<Void>?
    private var closed = false

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    /// Puts a guard first in an accepted connection's pipeline, right after TLS when there is TLS.
    static func install(on channel: any Channel, timeout: TimeAmount) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            let operations = channel.pipeline.syncOperations
            let guardHandler = HTTP2PrefaceGuard(timeout: timeout)
            if let tls = try? operations.handler(type: NIOSSLServerHandler.self) {
                try operations.addHandler(guardHandler, position: .after(tls))
            } else {
                try operations.addHandler(guardHandler, position: .first)
            }
        }
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

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.closed else { return }
        let buffer = self.unwrapInboundIn(data)
        for byte in buffer.readableBytesView {
            guard self.matched < Self.preface.count else { break }
            guard byte == Self.preface[self.matched] else { return self.close(context) }
            self.matched += 1
        }
        context.fireChannelRead(data)
        if self.matched == Self.preface.count {
            self.timer?.cancel()
            self.timer = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard self.timer == nil, !self.closed else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.timeout) {
            let (handler, context) = bound.value
            handler.close(context)
        }
    }

    private func close(_ context: ChannelHandlerContext) {
        guard !self.closed else { return }
        self.closed = true
        self.timer?.cancel()
        self.timer = nil
        context.close(promise: nil)
    }
}
