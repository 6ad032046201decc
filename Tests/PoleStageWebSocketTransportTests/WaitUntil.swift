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
