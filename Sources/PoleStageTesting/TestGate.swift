import Foundation
import Synchronization

/// Lets at most ``TestGate/servers`` test servers run at once, in this process (``withTestServer(_:services:unauthenticatedServices:logger:_:)``)
/// or as child processes (`polestage serve` started by a test).
///
/// Swift Testing starts every test at once. With 300 of them each starting a server (event loops, stores opened and
/// migrated, a change feed), a 2-core machine shares its time among all their startups, so that the first test to
/// finish does so after 20-odd seconds and every bound a test set for itself expires meanwhile. With a few servers at a
/// time, a test's server runs as fast as the machine allows, and its bounds measure the test, not the queue. A task
/// that already holds a slot (a test server started from another one's body) does not take a second.
public func withServerSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    if TestGate.holdsServerSlot { return try await body() }
    return try await TestGate.servers.withSlot {
        try await TestGate.$holdsServerSlot.withValue(true) { try await body() }
    }
}

/// A counting semaphore for tests: at most `limit` bodies run at once, the others wait in arrival order.
public final class TestGate: Sendable {
    /// `POLESTAGE_TEST_SERVERS`, else twice the processor count, at least 2.
    public static let servers = TestGate(
        limit: ProcessInfo.processInfo.environment["POLESTAGE_TEST_SERVERS"].flatMap { Int($0) }
            ?? max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)
    )

    @TaskLocal static var holdsServerSlot = false

    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    public let limit: Int

    public init(limit: Int) {
        self.limit = max(1, limit)
        self.state = Mutex(State(free: max(1, limit)))
    }

    /// Runs `body` once a slot is free, and frees it after.
    public func withSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await self.acquire()
        defer { self.release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = self.state.withLock { state -> Bool in
                guard state.free > 0 else {
                    state.waiters.append(continuation)
                    return false
                }
                state.free -= 1
                return true
            }
            if granted { continuation.resume() }
        }
    }

    private func release() {
        let next = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiters.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
