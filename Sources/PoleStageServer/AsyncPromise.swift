import Synchronization

/// A value set once and awaited by any number of tasks, before or after it is set: the ports the server bound.
///
/// Only the first ``succeed(_:)`` or ``fail(_:)`` counts; the later ones are ignored, so that whoever stops the server
/// can fail it without knowing whether it already succeeded.
final class AsyncPromise<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, any Error>])
        case done(Result<Value, any Error>)
    }

    private let state = Mutex(State.waiting([]))

    /// The value once set; throws the failure.
    var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let result: Result<Value, any Error>? = self.state.withLock { state in
                    switch state {
                    case .waiting(var waiters):
                        waiters.append(continuation)
                        state = .waiting(waiters)
                        return nil
                    case .done(let result):
                        return result
                    }
                }
                if let result { continuation.resume(with: result) }
            }
        }
    }

    func succeed(_ value: Value) { self.complete(.success(value)) }
    func fail(_ error: any Error) { self.complete(.failure(error)) }

    private func complete(_ result: Result<Value, any Error>) {
        let waiters: [CheckedContinuation<Value, any Error>] = self.state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
