/// Thrown by ``withTimeout(_:_:)`` when the operation did not finish in time.
public struct TimeoutError: Error, CustomStringConvertible {
    public let duration: Duration
    public var description: String { "timed out after \(self.duration)" }
}

/// Runs `operation`, failing with ``TimeoutError`` if it takes longer than `duration`.
///
/// Tests await events through this instead of sleeping: the bound only matters when the event never comes. `operation`
/// must end when cancelled (an `await` that throws on cancellation does): the timeout cancels it, then waits for it.
public func withTimeout<T: Sendable>(
    _ duration: Duration = .seconds(20),
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: duration)
            throw TimeoutError(duration: duration)
        }
        defer { group.cancelAll() }
        // Proven: the group has two tasks, so next() returns a value or throws.
        return try await group.next()!
    }
}

/// Yields until `condition` holds, failing with ``TimeoutError`` after `duration`: for a state that another task moves
/// and no event announces (a count of subscribers).
///
/// Not a loop inside ``withTimeout(_:_:)``: a loop that only yields ignores the cancellation that ends a timed-out
/// operation, and the timeout would wait for it forever, spinning.
public func waitUntil(
    within duration: Duration = .seconds(20),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + duration
    while try await !condition() {
        guard ContinuousClock.now < deadline else { throw TimeoutError(duration: duration) }
        try Task.checkCancellation()
        await Task.yield()
    }
}
