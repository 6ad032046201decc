import Synchronization

/// Lets one heavy external program at a time run for the suite: a browser, a Python interpreter with grpcio or pytest,
/// Node. Swift Testing runs the suites in parallel on 2 cores, and several of these starting together (with 250 tests
/// in-process) starved one of them past its own deadlines: grpcio's 10 s health check timed out in a CI run. The
/// in-process tests keep running beside the one heavy program.
public func withHeavyProcessSlot<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    await HeavyProcessGate.shared.acquire()
    do {
        let value = try await body()
        HeavyProcessGate.shared.release()
        return value
    } catch {
        HeavyProcessGate.shared.release()
        throw error
    }
}

final class HeavyProcessGate: Sendable {
    static let shared = HeavyProcessGate()

    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let granted = self.state.withLock { state -> Bool in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if granted { continuation.resume() }
        }
    }

    func release() {
        let next = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
