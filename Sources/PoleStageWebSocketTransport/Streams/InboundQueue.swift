import DequeModule
import Synchronization

/// One stream's inbound parts, between the connection's reader, which delivers them without waiting, and the stream's
/// one reader, which waits for them.
///
/// It keeps `AsyncThrowingStream`'s behaviour as this transport used it: parts in order, the end (or its error) after
/// the parts already delivered, nothing after the end, and a reader whose task is cancelled sees the parts already
/// delivered, then the end. It exists for its cost: in a fan-out every subscriber's reader waits here for each
/// message, and the standard library's stream, which this module cannot specialize, looked up its generic metadata
/// and took its lock in every `yield` and `next()` (`DomainBenchmarks fanout`, profiled). Here the
/// parts sit in a `Deque` under one `Mutex`; a reader that finds a part returns without suspending.
final class InboundQueue<Part: Sendable>: Sendable {
    private enum End {
        case finished
        case failed(any Error)
    }

    private struct State {
        var parts = Deque<Part>()
        var end: End?
        /// The reader, suspended in ``next()`` with nothing queued.
        var waiter: UnsafeContinuation<Part?, any Error>?

        /// The next part, or the end; `nil` when the reader must wait. An error is thrown once, then the end is plain.
        mutating func take() -> Result<Part?, any Error>? {
            if let part = self.parts.popFirst() { return .success(part) }
            switch self.end {
            case nil:
                return nil
            case .finished:
                return .success(nil)
            case .failed(let error):
                self.end = .finished
                return .failure(error)
            }
        }

        /// Ends the queue unless it has ended; returns the waiting reader with what it must see.
        mutating func finish(_ end: End) -> (UnsafeContinuation<Part?, any Error>, Result<Part?, any Error>)? {
            guard self.end == nil else { return nil }
            self.end = end
            guard let waiter = self.waiter, let taken = self.take() else { return nil }
            self.waiter = nil
            return (waiter, taken)
        }
    }

    private let state = Mutex(State())

    init() {}

    /// Queues a part, or hands it to the waiting reader; ignored once the queue has ended.
    func deliver(_ part: Part) {
        let waiter: UnsafeContinuation<Part?, any Error>? = self.state.withLock { state in
            guard state.end == nil else { return nil }
            // A reader waits only when nothing is queued.
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.parts.append(part)
            return nil
        }
        waiter?.resume(returning: part)
    }

    /// Ends the queue: the reader sees `error` (or the end) after the parts queued. The first end wins.
    func finish(throwing error: (any Error)? = nil) {
        let resumption = self.state.withLock { $0.finish(error.map { .failed($0) } ?? .finished) }
        if let (waiter, taken) = resumption { waiter.resume(with: taken) }
    }

    /// Whether the reader is suspended in ``next()``, waiting for a part.
    var readerWaits: Bool {
        self.state.withLock { $0.waiter != nil }
    }

    /// The next part; `nil` at the end, or once the reading task is cancelled and the parts queued are read.
    func next() async throws -> Part? {
        if let taken = self.state.withLock({ $0.take() }) { return try taken.get() }
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { (waiter: UnsafeContinuation<Part?, any Error>) in
                let taken: Result<Part?, any Error>? = self.state.withLock { state in
                    if let taken = state.take() { return taken }
                    state.waiter = waiter
                    return nil
                }
                if let taken { waiter.resume(with: taken) }
            }
        } onCancel: {
            self.finish()
        }
    }
}
