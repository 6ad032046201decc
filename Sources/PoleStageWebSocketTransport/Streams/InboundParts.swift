import GRPCCore
import PoleStageWire

/// A request or response part whose size, when it is a message, counts against flow control.
protocol FlowControlledPart: Sendable {
    /// The message's size in bytes; `nil` for metadata and status.
    var flowControlledSize: Int? { get }
}

extension RPCRequestPart: FlowControlledPart where Bytes == WebSocketTransportBytes {
    var flowControlledSize: Int? {
        if case .message(let bytes) = self { return bytes.count }
        return nil
    }
}

extension RPCResponsePart: FlowControlledPart where Bytes == WebSocketTransportBytes {
    var flowControlledSize: Int? {
        if case .message(let bytes) = self { return bytes.count }
        return nil
    }
}

/// A stream's inbound parts as the reader consumes them; consuming a message gives credit back.
struct InboundParts<Part: FlowControlledPart>: AsyncSequence, Sendable {
    typealias Element = Part
    typealias Failure = any Error

    let base: AsyncThrowingStream<Part, any Error>
    /// Called with each consumed message's size.
    let onConsumed: @Sendable (Int) async -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Part, any Error>.AsyncIterator
        let onConsumed: @Sendable (Int) async -> Void

        mutating func next() async throws -> Part? {
            guard let part = try await self.base.next() else {
                // The underlying stream ends silently when the reading task is cancelled: say so.
                if Task.isCancelled { throw RPCError(code: .cancelled, message: "The RPC was cancelled.") }
                return nil
            }
            if let size = part.flowControlledSize {
                await self.onConsumed(size)
            }
            return part
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: self.base.makeAsyncIterator(), onConsumed: self.onConsumed)
    }
}

extension StreamRegistry where Part: FlowControlledPart {
    /// Registers stream `id` and returns what its reader iterates: the parts the connection delivers,
    /// giving credit back through `writer` as messages are consumed.
    func openInbound(_ id: StreamID, writer: FrameWriter) throws(RPCError) -> (
        InboundParts<Part>, AsyncThrowingStream<Part, any Error>.Continuation
    ) {
        let (parts, continuation) = AsyncThrowingStream.makeStream(of: Part.self)
        try self.open(id, inbound: continuation)
        let inbound = InboundParts(base: parts) { [weak self] size in
            await self?.giveBackCredit(for: size, on: id, writer: writer)
        }
        return (inbound, continuation)
    }
}
