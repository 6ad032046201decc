import GRPCCore

/// A stream's inbound parts as the reader consumes them; consuming a message gives credit back.
struct InboundParts<Part: Sendable>: AsyncSequence, Sendable {
    typealias Element = Part
    typealias Failure = any Error

    let base: AsyncThrowingStream<Part, any Error>
    /// The size of a part that counts against flow control (messages), else `nil`.
    let messageSize: @Sendable (Part) -> Int?
    /// Called with each consumed message's size.
    let onConsumed: @Sendable (Int) async -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Part, any Error>.AsyncIterator
        let messageSize: @Sendable (Part) -> Int?
        let onConsumed: @Sendable (Int) async -> Void

        mutating func next() async throws -> Part? {
            guard let part = try await self.base.next() else {
                // The underlying stream ends silently when the reading task is cancelled: say so.
                if Task.isCancelled { throw RPCError(code: .cancelled, message: "The RPC was cancelled.") }
                return nil
            }
            if let size = self.messageSize(part) {
                await self.onConsumed(size)
            }
            return part
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: self.base.makeAsyncIterator(), messageSize: self.messageSize, onConsumed: self.onConsumed)
    }
}
