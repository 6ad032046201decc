import GRPCCore
import PoleStageWire

/// What both sides do alike when they send a message.
extension StreamRegistry {
    /// The error a write on a stream that ended or was reset fails with.
    static var streamClosed: RPCError {
        RPCError(code: .cancelled, message: "The stream was closed.")
    }

    /// Sends one message on `id` once its flow-control window allows it.
    ///
    /// - Parameters:
    ///   - bytes: The serialized message.
    ///   - limit: The peer's `max_message_size`.
    ///   - description: How the error names the message and the peer, as in "request message … the
    ///     server's limit".
    ///   - asksForCredit: Server: ask the client for credit (CREDIT_REQUEST) while waiting for it.
    /// - Throws: RESOURCE_EXHAUSTED when the message exceeds the peer's limit, ``streamClosed`` when the
    ///   stream ended, and what ``takeCredit(_:on:)`` throws.
    func sendMessage(
        _ bytes: WebSocketTransportBytes,
        on id: StreamID,
        limit: Int,
        description: (message: String, peer: String),
        writer: FrameWriter,
        endStream: Bool = false,
        asksForCredit: Bool = false
    ) async throws {
        try Self.checkSize(bytes.count, limit: limit, description: description)
        guard endStream ? self.finishLocal(id) : self.isWritable(id) else { throw Self.streamClosed }
        try await self.takeCredit(bytes.count, on: id, askingCreditThrough: asksForCredit ? writer : nil)
        try await writer.writeMessage(bytes, streamID: id, flags: endStream ? .endStream : [])
    }

    /// Checks a message about to be sent against the peer's `max_message_size`.
    ///
    /// - Throws: RESOURCE_EXHAUSTED naming the message, its size and the peer's limit.
    static func checkSize(_ count: Int, limit: Int, description: (message: String, peer: String)) throws(RPCError) {
        guard count <= limit else {
            throw RPCError(
                code: .resourceExhausted,
                message:
                    "\(description.message) message of \(count) bytes exceeds the \(description.peer)'s limit of \(limit) bytes"
            )
        }
    }
}
