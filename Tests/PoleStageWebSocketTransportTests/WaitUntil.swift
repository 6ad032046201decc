/// Yields until `condition` holds, failing after 10 seconds: waits for another task to reach a point
/// without sleeping.
func waitUntil(_ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw WaitTimeout() }
        await Task.yield()
    }
}

struct WaitTimeout: Error {}

/// The task's value; the task is cancelled if it has none after 10 seconds, so that a lost wake-up fails the test
/// (the task must end when cancelled) instead of hanging it.
func valueWithin10Seconds<T: Sendable>(of task: Task<T, any Error>) async throws -> T {
    let timer = Task {
        try await Task.sleep(for: .seconds(10))
        task.cancel()
    }
    defer { timer.cancel() }
    return try await task.value
}
