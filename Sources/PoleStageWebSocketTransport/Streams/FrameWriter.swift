import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import PoleStageWire

/// Writes frames to one WebSocket, each as one binary message.
struct FrameWriter: Sendable {
    let outbound: WebSocketOutboundWriter

    func write(_ frame: Frame) async throws {
        try await self.outbound.write(.binary(FrameEncoder.encode(frame)))
    }

    /// Writes a MESSAGE frame; the header goes in the room the bytes reserve, the message is not copied.
    func writeMessage(_ bytes: WebSocketTransportBytes, streamID: StreamID, flags: FrameFlags = []) async throws {
        try await self.outbound.write(.binary(bytes.messageFrame(streamID: streamID, flags: flags)))
    }

    /// Closes the WebSocket with a close code and a reason the peer can show.
    func close(_ code: WebSocketErrorCode, reason: String) async {
        try? await self.outbound.close(code, reason: reason)
    }
}
