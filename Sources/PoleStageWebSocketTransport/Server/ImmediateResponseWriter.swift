import PoleStageWire

/// The response side of the server stream whose handler is running, written from any task without waiting.
///
/// GRPCCore hands a handler an `RPCWriter` whose writes are `async`: a handler writing a message that another task
/// produced must be woken for it. For a stream that many subscribers share the messages of (a basin's live feed),
/// that is one task wake-up per subscriber and message. Through this writer, the producing task queues the message
/// on the stream itself, in the connection's frame writer, when that needs no waiting: the stream is open, its
/// flow-control credit is there and the writer is under its high-water mark. Otherwise ``writeImmediately(_:)`` returns
/// `false` and the caller goes the usual way, through the handler's `RPCWriter`, which waits.
///
/// The messages are the serialized bytes GRPCCore's serializer would have produced; no interceptor sees them (none of
/// ours reads messages). The caller keeps the order of the stream: it must not call ``writeImmediately(_:)`` while the
/// handler is writing, nor let the handler write while a call is under way.
///
/// Set, as ``current``, for the handlers of methods that stream their response, on this transport only.
public struct ImmediateResponseWriter: Sendable {
    /// The writer of the stream the current task serves; `nil` outside a streamed response served by this transport.
    @TaskLocal public static var current: ImmediateResponseWriter?

    let connection: ServerConnection
    let id: StreamID

    /// Queues one serialized response message; `false`, with nothing sent, when that would need waiting or the stream
    /// ended.
    public func writeImmediately(_ bytes: [UInt8]) -> Bool {
        self.connection.writeMessageImmediately(bytes, on: self.id)
    }
}
