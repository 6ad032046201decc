import Logging
import NIOCore
import NIOEmbedded
import NIOWebSocket
import PoleStageWire
import Testing

@testable import PoleStageWebSocketTransport

/// The server's WebSocket handler on an `EmbeddedChannel`: no socket, time moved by hand. Synchronous tests, as an
/// embedded event loop is used from the thread that made it.
@Suite("WebSocket connection handler (embedded channel)")
struct WebSocketConnectionHandlerTests {
    /// A server WebSocket with one handler, its SETTINGS already read.
    struct Harness {
        let channel: EmbeddedChannel
        let transport: WebSocketTransport.Server

        init(_ configuration: WebSocketTransportConfiguration) throws {
            self.transport = WebSocketTransport.Server(configuration: configuration)
            self.channel = EmbeddedChannel()
            try self.channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
            let handler = WebSocketConnectionHandler(
                transport: self.transport,
                deflate: nil,
                peer: "embedded",
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            )
            try self.channel.pipeline.syncOperations.addHandler(handler)
            self.channel.embeddedEventLoop.run()
            let first = try #require(try self.channel.readOutbound(as: WebSocketFrame.self))
            #expect(first.opcode == .binary)
            #expect(try Self.frames(in: first).first?.type == .settings)
        }

        /// Sends a client frame, masked as RFC 6455 requires (unless `masked` is false).
        func send(
            _ opcode: WebSocketOpcode,
            _ bytes: ByteBuffer,
            fin: Bool = true,
            rsv1: Bool = false,
            masked: Bool = true
        )
            throws
        {
            let key: WebSocketMaskingKey? = masked ? WebSocketMaskingKey([7, 1, 8, 3]) : nil
            var data = bytes
            if let key { data.webSocketMask(key) }
            try self.channel.writeInbound(
                WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, maskKey: key, data: data)
            )
            self.channel.embeddedEventLoop.run()
        }

        func send(_ frame: Frame) throws {
            try self.send(.binary, FrameEncoder.encode(frame))
        }

        func sendClose(_ code: WebSocketErrorCode) throws {
            var data = ByteBuffer()
            data.write(webSocketErrorCode: code)
            try self.send(.connectionClose, data)
        }

        func next() throws -> WebSocketFrame? {
            try self.channel.readOutbound(as: WebSocketFrame.self)
        }

        /// The next frame, which must be a close frame: its code and reason.
        func nextClose() throws -> (WebSocketErrorCode?, String) {
            let frame = try #require(try self.next())
            #expect(frame.opcode == .connectionClose)
            var data = frame.data
            let code = data.readWebSocketErrorCode()
            return (code, data.readString(length: data.readableBytes) ?? "")
        }

        func advance(_ duration: Duration) {
            let (seconds, attoseconds) = duration.components
            self.channel.embeddedEventLoop.advanceTime(
                by: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            )
        }

        static func frames(in message: WebSocketFrame) throws -> [Frame] {
            var frames = try FrameDecoder(maxMessageSize: 1 << 20, maxBatchSize: 1 << 20).frames(in: message.data)
            var all: [Frame] = []
            while let frame = try frames.next() { all.append(frame) }
            return all
        }
    }

    @Test("keepalive: a ping each interval while the peer answers; an unanswered one closes with 1001 'Ping timeout'")
    func keepalive() throws {
        let harness = try Harness(.init(pingInterval: .seconds(1), idleTimeout: nil, closeTimeout: .seconds(2)))
        harness.advance(.seconds(1))
        #expect(try harness.next()?.opcode == .ping)
        try harness.send(.pong, ByteBuffer())
        harness.advance(.seconds(1))
        #expect(try harness.next()?.opcode == .ping)
        #expect(try harness.next() == nil)
        // No pong this time.
        harness.advance(.seconds(1))
        let (code, reason) = try harness.nextClose()
        #expect(code == .goingAway)
        #expect(reason == "Ping timeout")
        // The peer never answers the close either: the channel closes after the close timeout, not before.
        harness.advance(.milliseconds(1_999))
        #expect(harness.channel.isActive)
        harness.advance(.milliseconds(1))
        #expect(!harness.channel.isActive)
    }

    @Test("a ping from the client is answered with a pong carrying its data")
    func pong() throws {
        let harness = try Harness(.init(pingInterval: nil, idleTimeout: nil))
        try harness.send(.ping, ByteBuffer(string: "hello"))
        let pong = try #require(try harness.next())
        #expect(pong.opcode == .pong)
        #expect(pong.data == ByteBuffer(string: "hello"))
    }

    @Test("the client closes first: the server echoes its code and closes the channel")
    func clientCloses() throws {
        let harness = try Harness(.init(pingInterval: nil, idleTimeout: nil))
        try harness.sendClose(.normalClosure)
        let (code, _) = try harness.nextClose()
        #expect(code == .normalClosure)
        #expect(!harness.channel.isActive)
    }

    @Test("the server closes first (idle): the channel closes when the client's close frame answers")
    func idleThenClientAnswers() throws {
        let harness = try Harness(.init(pingInterval: nil, idleTimeout: .seconds(10)))
        let start = ContinuousClock.now
        harness.transport.closeIdleConnections(timeout: .seconds(10), now: start + .seconds(5))
        harness.channel.embeddedEventLoop.run()
        #expect(try harness.next() == nil)
        harness.transport.closeIdleConnections(timeout: .seconds(10), now: start + .seconds(11))
        harness.channel.embeddedEventLoop.run()
        let (code, reason) = try harness.nextClose()
        #expect(code == .goingAway)
        #expect(reason == "idle timeout")
        #expect(harness.channel.isActive)
        try harness.sendClose(.normalClosure)
        #expect(!harness.channel.isActive)
        #expect(try harness.next() == nil)
    }

    @Test("after the close frame, the client's messages are not read and its pings not answered")
    func nothingAfterClose() throws {
        let harness = try Harness(.init(pingInterval: nil, idleTimeout: .seconds(1), closeTimeout: .seconds(5)))
        harness.transport.closeIdleConnections(timeout: .seconds(1), now: .now + .seconds(2))
        harness.channel.embeddedEventLoop.run()
        _ = try harness.nextClose()
        try harness.send(.ping, ByteBuffer(string: "late"))
        try harness.send(.settings(Settings()))
        #expect(try harness.next() == nil)
    }

    /// A client frame that breaks the protocol, and the close it gets.
    struct Violation: Sendable, CustomTestStringConvertible {
        let name: String
        let send: @Sendable (Harness) throws -> Void
        let code: WebSocketErrorCode
        let reason: String
        var testDescription: String { self.name }
    }

    static let violations: [Violation] = [
        Violation(
            name: "an unmasked frame",
            send: { try $0.send(.binary, FrameEncoder.encode(.halfClose(StreamID(1))), masked: false) },
            code: .protocolError,
            reason: "client frames must be masked (RFC 6455 §5.1)"
        ),
        Violation(
            name: "a text message",
            send: { try $0.send(.text, ByteBuffer(string: "{}")) },
            code: .unacceptableData,
            reason: "text messages are not supported: send each frame as one binary message"
        ),
        Violation(
            name: "a continuation with no message",
            send: { try $0.send(.continuation, ByteBuffer(string: "x")) },
            code: .protocolError,
            reason: "a continuation frame with no message to continue"
        ),
        Violation(
            name: "RSV1 without permessage-deflate",
            send: { try $0.send(.binary, ByteBuffer(string: "x"), rsv1: true) },
            code: .protocolError,
            reason: "RSV1 is set but permessage-deflate was not agreed"
        ),
        Violation(
            name: "a second SETTINGS",
            send: {
                var settings = Settings()
                settings.version = WebSocketTransport.protocolVersion
                try $0.send(.settings(settings))
                try $0.send(.settings(settings))
            },
            code: .protocolError,
            reason: "SETTINGS frame received twice: it is sent once, as the first frame"
        ),
        Violation(
            name: "a frame for a stream never opened",
            send: { try $0.send(.halfClose(StreamID(9))) },
            code: .protocolError,
            reason: "HALF_CLOSE frame for stream 9, which was never opened"
        ),
        Violation(
            name: "a frame only servers send",
            send: { try $0.send(.goAway(GoAway())) },
            code: .protocolError,
            reason: "GOAWAY frames are sent by servers only"
        ),
    ]

    @Test(
        "a client that breaks the protocol gets a close frame saying why, and nothing more is read",
        arguments: violations
    )
    func violation(_ violation: Violation) throws {
        let harness = try Harness(.init(pingInterval: nil, idleTimeout: nil, closeTimeout: .seconds(1)))
        try violation.send(harness)
        let (code, reason) = try harness.nextClose()
        #expect(code == violation.code)
        #expect(reason == violation.reason)
        try harness.send(.ping, ByteBuffer())
        #expect(try harness.next() == nil)
        harness.advance(.seconds(1))
        #expect(!harness.channel.isActive)
    }
}
