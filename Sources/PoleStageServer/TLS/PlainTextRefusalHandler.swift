import NIOCore

/// Answers plain text on the TLS port with a plain `400 Bad Request`, then closes the connection.
///
/// It sits in front of the TLS handler and looks at the first byte a client sends: a TLS connection starts with a
/// handshake record (22), and the handler steps aside. Anything else is a client speaking plain HTTP to an HTTPS port:
/// without this handler the TLS handshake fails and the connection closes with no answer, which hummingbird-websocket's
/// client does not notice (it waits for the upgrade response forever); with it, that client gets an HTTP response that
/// is not an upgrade and fails at once, and `curl http://` reads why. nginx answers the same way.
final class PlainTextRefusalHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The first byte of a TLS record carrying a handshake message (RFC 8446, `ContentType.handshake`).
    static let handshakeRecord: UInt8 = 22

    static let response: ByteBuffer = {
        let body = "This port serves HTTPS: use https:// or wss://.\n"
        return ByteBuffer(
            string: "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        )
    }()

    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !self.refused else { return }
        let buffer = Self.unwrapInboundIn(data)
        guard let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) else { return }
        if first == Self.handshakeRecord {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        self.refused = true
        let written = context.eventLoop.makePromise(of: Void.self)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
        context.writeAndFlush(Self.wrapOutboundOut(Self.response), promise: written)
    }
}
