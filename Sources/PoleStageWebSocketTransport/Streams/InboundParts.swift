import GRPCCore
import PoleStageWire

/// A request or response part whose size, when it is a message, counts against flow control.
protocol FlowControlledPart: Sendable {
    /// The state of a stream on the side that receives these parts: request parts reach a server, response parts a
    /// client.
    associatedtype State: StreamState
    /// The message's size in bytes; `nil` for metadata and status.
    var flowControlledSize: Int? { get }
}

extension RPCRequestPart: FlowControlledPart where Bytes == WebSocketTransportBytes {
    typealias State = ServerStreamState

    var flowControlledSize: Int? {
        if case .message(let bytes) = self { return bytes.count }
        return nil
    }
}

extension RPCResponsePart: FlowControlledPart where Bytes == WebSocketTransportBytes {
    typealias State = ClientStreamState

    var flowControlledSize: Int? {
        if case .message(let bytes) = self { return bytes.count }
        return nil
    }
}

/// A stream's inbound parts as its reader consumes them; consuming a message gives credit back.
///
/// GRPCCore reaches a transport's parts through a type-erasing box (`RPCAsyncSequence`). When the sequence in the box
/// is generic, the box calls its unspecialized code, which looks up generic metadata on every part; so the sequences
/// in the boxes are ``ClientInboundParts`` and ``ServerInboundParts``, which are concrete, and this is the code they
/// share, specialized into each.
struct InboundParts<Part: FlowControlledPart>: Sendable {
    let queue: InboundQueue<Part>
    let id: StreamID
    /// Where the stream's receive window is kept.
    let streams: StreamRegistry<Part>
    /// Where a WINDOW_UPDATE goes when consuming a message makes one due.
    let writer: FrameWriter

    /// The next part; `nil` at the end.
    ///
    /// - Throws: The stream's error, or CANCELLED when the reading task is cancelled.
    func next() async throws -> Part? {
        guard let part = try await self.queue.next() else {
            // The queue ends silently when the reading task is cancelled: say so.
            if Task.isCancelled { throw RPCError(code: .cancelled, message: "The RPC was cancelled.") }
            return nil
        }
        if let size = part.flowControlledSize, let increment = self.streams.consumed(size, on: self.id) {
            try? await self.writer.write(.windowUpdate(self.id, increment: increment))
        }
        return part
    }
}

/// A stream's parts as GRPCCore reads them, through its type-erasing box, on one side: a concrete type, whose code
/// under the box is specialized (see ``InboundParts``). The sequence is its own iterator.
protocol ConcreteInboundParts: AsyncSequence, AsyncIteratorProtocol, Sendable
where Element: FlowControlledPart, AsyncIterator == Self, Failure == any Error {
    var parts: InboundParts<Element> { get }
}

extension ConcreteInboundParts {
    func makeAsyncIterator() -> Self {
        self
    }

    mutating func next(isolation actor: isolated (any Actor)?) async throws -> Element? {
        try await self.parts.next()
    }

    mutating func next() async throws -> Element? {
        try await self.parts.next()
    }
}

/// The response parts of a client's stream.
struct ClientInboundParts: ConcreteInboundParts {
    typealias Element = RPCResponsePart<WebSocketTransportBytes>
    typealias Failure = any Error
    let parts: InboundParts<Element>
}

/// The request parts of a stream the server serves.
struct ServerInboundParts: ConcreteInboundParts {
    typealias Element = RPCRequestPart<WebSocketTransportBytes>
    typealias Failure = any Error
    let parts: InboundParts<Element>
}

extension StreamRegistry {
    /// Registers stream `id` and returns what its reader reads: the parts the connection delivers, giving credit back
    /// through `writer` as messages are consumed.
    func openInbound(_ id: StreamID, writer: FrameWriter) throws(RPCError) -> InboundParts<Part> {
        let queue = InboundQueue<Part>()
        try self.open(id, inbound: queue)
        return InboundParts(queue: queue, id: id, streams: self, writer: writer)
    }
}
