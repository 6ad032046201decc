/// Thrown by ``withTimeout(_:_:)`` when the operation did not finish in time.
public struct TimeoutError: Error, CustomStringConvertible {
    public let duration: Duration
    public var description: String { "timed out after \(self.duration)" }
}

/// Runs `operation`, failing with ``TimeoutError`` if it takes longer than `duration`.
///
/// Tests await events through this instead of sleeping: the bound only matters when the event never comes.
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
