import GRPCCore
import Synchronization

/// The client's side of the server's `max_concurrent_streams`: a call beyond the limit waits for a
/// stream to end instead of being refused with RESOURCE_EXHAUSTED.
///
/// Waiters are served first come, first served; a waiting call can be cancelled, and all of them fail
/// when the connection closes.
final class StreamSlots: Sendable {
    private struct State {
        var limit: Int
        var inUse = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiterID: UInt64 = 0
        var closedError: RPCError?

        /// Hands freed slots to waiters, in order.
        mutating func admit() -> [CheckedContinuation<Void, any Error>] {
            var admitted: [CheckedContinuation<Void, any Error>] = []
            while self.inUse < self.limit, !self.waiters.isEmpty {
                self.inUse += 1
                admitted.append(self.waiters.removeFirst().continuation)
            }
            return admitted
        }
    }

    private let state: Mutex<State>

    init(limit: Int = .max) {
        self.state = Mutex(State(limit: limit))
    }

    /// Slots taken now.
    var inUse: Int {
        self.state.withLock { $0.inUse }
    }

    /// Calls waiting for a slot.
    var waiterCount: Int {
        self.state.withLock { $0.waiters.count }
    }

    /// The server announced its limit: waiters may go if it grew.
    func setLimit(_ limit: Int) {
        let admitted = self.state.withLock { state in
            state.limit = limit
            return state.admit()
        }
        for waiter in admitted { waiter.resume() }
    }

    /// Takes a slot, waiting for one when all are in use.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting, the connection's error
    ///   once it closed.
    func acquire() async throws {
        let id: UInt64? = try self.state.withLock { state in
            if let error = state.closedError { throw error }
            if state.inUse < state.limit, state.waiters.isEmpty {
                state.inUse += 1
                return nil
            }
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (immediate, admitted) = self.state.withLock {
                    state -> (Result<Void, any Error>?, [CheckedContinuation<Void, any Error>]) in
                    if Task.isCancelled { return (.failure(CancellationError()), []) }
                    if let error = state.closedError { return (.failure(error), []) }
                    state.waiters.append((id, continuation))
                    // A slot may have been freed since the first look: this waiter may be admitted at once.
                    return (nil, state.admit())
                }
                if let immediate { continuation.resume(with: immediate) }
                for waiter in admitted { waiter.resume() }
            }
        } onCancel: {
            let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back; the first waiter takes it.
    func release() {
        let admitted = self.state.withLock { state in
            state.inUse -= 1
            return state.admit()
        }
        for waiter in admitted { waiter.resume() }
    }

    /// The connection closed: every waiter fails with `error`, and so does every later `acquire`.
    func close(_ error: RPCError) {
        let waiters = self.state.withLock { state in
            state.closedError = error
            defer { state.waiters.removeAll() }
            return state.waiters.map(\.continuation)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
