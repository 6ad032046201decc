import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// Where a ``FrameWriter`` sends its WebSocket messages: hummingbird-websocket's writer on the client, the
/// connection's channel on the server (``ChannelMessageSink``).
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
