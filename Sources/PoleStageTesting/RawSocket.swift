import Foundation
import FoundationEssentials
public import NIOCore
import NIOPosix
public import PoleStageServer
public import PoleStageWebSocketTransport

/// A TCP connection that performs the WebSocket upgrade by hand, then sends frames and goes away
/// without a close frame: the client that vanishes, or the upgrade a library would not send.
/// Used from one task at a time (the body it is handed to); `@unchecked` so that a test can bound a wait
/// on it with ``withTimeout(_:_:)``.
public final class RawSocket: @unchecked Sendable {
    /// The HTTP status of the upgrade response (101 when upgraded).
    public let status: Int
    /// The upgrade response's header lines, lowercased names.
    public let headers: [(name: String, value: String)]
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    /// Bytes read past the upgrade response or a WebSocket frame, not yet returned.
    private var pending: ByteBuffer

    private init(
        status: Int,
        headers: [(name: String, value: String)],
        outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
        inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
        pending: ByteBuffer
    ) {
        self.status = status
        self.headers = headers
        self.outbound = outbound
        self.inbound = inbound
        self.pending = pending
    }

    /// Connects, sends an upgrade request offering `subprotocols`, reads the response head, runs `body`,
    /// then closes the TCP connection abruptly (no WebSocket close frame).
    public static func withUpgrade<T: Sendable>(
        host: String,
        port: Int,
        path: String,
        subprotocols: [String],
        extraHeaders: [(String, String)] = [],
        _ body: (RawSocket) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var request =
                "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            request += "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            if !subprotocols.isEmpty {
                request += "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n"
            }
            for (name, value) in extraHeaders { request += "\(name): \(value)\r\n" }
            request += "\r\n"
            try await outbound.write(ByteBuffer(string: request))

            var received = ByteBuffer()
            var iterator = inbound.makeAsyncIterator()
            while received.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
                guard var chunk = try await iterator.next() else { break }
                received.writeBuffer(&chunk)
            }
            let headEnd = received.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound
            let head = String(buffer: received).components(separatedBy: "\r\n\r\n").first ?? ""
            var leftover = ByteBuffer()
            if let headEnd {
                received.moveReaderIndex(to: headEnd)
                leftover.writeBuffer(&received)
            }
            var lines = head.components(separatedBy: "\r\n")
            let statusLine = lines.isEmpty ? "" : lines.removeFirst()
            let status = statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            let headers = lines.compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (
                    line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                )
            }
            return try await body(
                RawSocket(status: status, headers: headers, outbound: outbound, inbound: iterator, pending: leftover)
            )
        }
    }

    /// Opens a TCP connection and runs `body` without sending anything: for bytes that are not an upgrade at all.
    public static func withConnection<T: Sendable>(
        host: String,
        port: Int,
        _ body: (RawSocket) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await body(
                RawSocket(
                    status: 0,
                    headers: [],
                    outbound: outbound,
                    inbound: inbound.makeAsyncIterator(),
                    pending: ByteBuffer()
                )
            )
        }
    }

    /// Reads everything the server sends until it closes the connection.
    public func readToEnd() async throws -> ByteBuffer {
        var all = self.pending
        self.pending.clear()
        while var chunk = try await self.inbound.next() { all.writeBuffer(&chunk) }
        return all
    }

    /// Reads (and discards) what the server sends until it closes the TCP connection. Pings go unanswered.
    /// Call it once.
    public func waitForServerToClose() async throws {
        self.pending.clear()
        while try await self.inbound.next() != nil {}
    }

    /// Performs the upgrade to a test server's gRPC WebSocket route, offering `subprotocols`.
    public static func withUpgrade<T: Sendable>(
        to addresses: ListeningAddresses,
        subprotocols: [String] = [WebSocketTransport.subprotocol],
        extraHeaders: [(String, String)] = [],
        _ body: (RawSocket) async throws -> T
    ) async throws -> T {
        try await Self.withUpgrade(
            host: addresses.host,
            port: addresses.port,
            path: addresses.webSocketPath,
            subprotocols: subprotocols,
            extraHeaders: extraHeaders,
            body
        )
    }

    /// The value of a response header.
    public func header(_ name: String) -> String? {
        self.headers.first { $0.name == name.lowercased() }?.value
    }

    /// Sends `payload` as one masked binary WebSocket frame.
    public func sendBinary(_ payload: ByteBuffer) async throws {
        try await self.outbound.write(Self.maskedFrame(payload, opcode: 0x2, fin: true))
    }

    /// Sends `payload` as one binary WebSocket message cut into fragments of `fragmentSize` bytes (continuation
    /// frames), each fragment written to the socket `chunkSize` bytes at a time.
    public func sendFragmented(_ payload: ByteBuffer, fragmentSize: Int, chunkSize: Int = .max) async throws {
        var remaining = payload
        var first = true
        repeat {
            let slice = remaining.readSlice(length: min(fragmentSize, remaining.readableBytes)) ?? ByteBuffer()
            let frame = Self.maskedFrame(slice, opcode: first ? 0x2 : 0x0, fin: remaining.readableBytes == 0)
            try await self.sendRaw(frame, chunkSize: chunkSize)
            first = false
        } while remaining.readableBytes > 0
    }

    /// Writes `bytes` to the TCP connection as they are, `chunkSize` bytes per write.
    public func sendRaw(_ bytes: ByteBuffer, chunkSize: Int = .max) async throws {
        var bytes = bytes
        while bytes.readableBytes > 0, let chunk = bytes.readSlice(length: min(chunkSize, bytes.readableBytes)) {
            try await self.outbound.write(chunk)
        }
    }

    /// Sends one masked WebSocket frame as it is described, reserved bits included: for frames a library would not
    /// send.
    public func sendFrame(opcode: UInt8, fin: Bool = true, reservedBits: UInt8 = 0, _ payload: ByteBuffer) async throws
    {
        var frame = Self.maskedFrame(payload, opcode: opcode, fin: fin)
        frame.setInteger(frame.getInteger(at: frame.readerIndex, as: UInt8.self)! | reservedBits, at: frame.readerIndex)
        try await self.outbound.write(frame)
    }

    /// Sends one final binary WebSocket frame without a mask, as only a server may (RFC 6455 §5.1).
    public func sendUnmaskedBinary(_ payload: ByteBuffer) async throws {
        var frame = ByteBuffer()
        frame.writeInteger(UInt8(0x80 | 0x2))
        precondition(payload.readableBytes < 126, "a short payload: the 7-bit length only")
        frame.writeInteger(UInt8(payload.readableBytes))
        var payload = payload
        frame.writeBuffer(&payload)
        try await self.outbound.write(frame)
    }

    /// The server's next WebSocket frame, control frames included; `nil` once the connection closed.
    public func nextFrame() async throws -> (opcode: UInt8, fin: Bool, payload: ByteBuffer)? {
        try await self.nextWebSocketFrame()
    }

    /// Reads frames until the server's close frame: its code and reason (`nil` if the connection closed first).
    public func nextClose() async throws -> (code: UInt16, reason: String)? {
        while let (opcode, _, payload) = try await self.nextWebSocketFrame() {
            guard opcode == 0x8 else { continue }
            var payload = payload
            let code = payload.readInteger(as: UInt16.self) ?? 1005
            return (code, payload.readString(length: payload.readableBytes) ?? "")
        }
        return nil
    }

    /// The next binary message from the server (fragments joined), skipping pings and pongs; `nil` when the
    /// connection closes or the server sends a close frame.
    public func nextBinaryMessage() async throws -> ByteBuffer? {
        var message = ByteBuffer()
        while true {
            guard let (opcode, fin, payload) = try await self.nextWebSocketFrame() else { return nil }
            switch opcode {
            case 0x8: return nil
            case 0x9, 0xA: continue
            default:
                var payload = payload
                message.writeBuffer(&payload)
                if fin { return message }
            }
        }
    }

    private func nextWebSocketFrame() async throws -> (opcode: UInt8, fin: Bool, payload: ByteBuffer)? {
        while true {
            var view = self.pending
            if let first = view.readInteger(as: UInt8.self), let second = view.readInteger(as: UInt8.self) {
                var length = Int(second & 0x7F)
                var complete = true
                if length == 126 {
                    if let extended = view.readInteger(as: UInt16.self) {
                        length = Int(extended)
                    } else {
                        complete = false
                    }
                } else if length == 127 {
                    if let extended = view.readInteger(as: UInt64.self) {
                        length = Int(extended)
                    } else {
                        complete = false
                    }
                }
                if complete, let payload = view.readSlice(length: length) {
                    self.pending = view
                    return (first & 0x0F, first & 0x80 != 0, payload)
                }
            }
            guard var chunk = try await self.inbound.next() else { return nil }
            self.pending.writeBuffer(&chunk)
        }
    }

    /// `payload` as one masked, final binary WebSocket frame, to send by hand.
    public static func maskedFrameForTesting(_ payload: ByteBuffer) -> ByteBuffer {
        maskedFrame(payload, opcode: 0x2, fin: true)
    }

    static func maskedFrame(_ payload: ByteBuffer, opcode: UInt8, fin: Bool) -> ByteBuffer {
        var frame = ByteBuffer()
        frame.writeInteger(UInt8((fin ? 0x80 : 0) | opcode))
        let length = payload.readableBytes
        if length < 126 {
            frame.writeInteger(UInt8(0x80 | length))
        } else if length <= 0xFFFF {
            frame.writeInteger(UInt8(0x80 | 126))
            frame.writeInteger(UInt16(length))
        } else {
            frame.writeInteger(UInt8(0x80 | 127))
            frame.writeInteger(UInt64(length))
        }
        let mask: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        frame.writeBytes(mask)
        for (index, byte) in payload.readableBytesView.enumerated() {
            frame.writeInteger(byte ^ mask[index % 4])
        }
        return frame
    }
}
