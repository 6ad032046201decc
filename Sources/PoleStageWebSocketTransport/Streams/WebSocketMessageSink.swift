import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Where a client's ``FrameWriter`` sends its WebSocket messages: hummingbird-websocket's writer, from a drain task.
protocol WebSocketMessageSink: Sendable {
    /// Sends one binary WebSocket message; returns once the WebSocket can take more.
    func writeBinary(_ message: ByteBuffer) async throws
    /// Sends a close frame; nothing may be written after it.
    func sendClose(_ code: WebSocketErrorCode, reason: String) async throws
}

extension WebSocketOutboundWriter: WebSocketMessageSink {
    func writeBinary(_ message: ByteBuffer) async throws {
        try await self.write(.binary(message))
    }

    func sendClose(_ code: WebSocketErrorCode, reason: String) async throws {
        try await self.close(code, reason: reason)
    }
}

/// Where a server connection's ``FrameWriter`` sends its WebSocket messages: the channel, written on its event loop
/// without a task (``ChannelMessageSink``). Every requirement but ``execute(_:)`` is called on the event loop.
protocol EventLoopMessageSink: Sendable {
    /// Runs `body` on the channel's event loop.
    func execute(_ body: @escaping @Sendable () -> Void)
    /// Whether the channel takes more writes now.
    var isWritable: Bool { get }
    /// Calls `body` once, when the channel takes writes again.
    func whenWritable(_ body: @escaping @Sendable () -> Void)
    /// Writes one binary message, without flushing.
    func write(_ message: ByteBuffer) throws
    /// Flushes what was written.
    func flush()
    /// Flushes what was written, then sends the close frame.
    func sendClose(_ code: WebSocketErrorCode, reason: String)
}
