package import PoleStageStore
import Synchronization

/// Wakes the watchers of the good-practice space when a resource changes.
///
/// Each library (a basin's, the académie's) numbers its changes with a growing revision. A watcher reads the changes
/// after its cursor itself (``PracticeLibrary/changes(after:limit:)``), then waits with the revisions it has read up
/// to; the service that commits a change announces its revision here (``published(basin:revision:)``), which wakes
/// every watcher of that library still before it, whether the change committed before or after the watcher started to
/// wait. ``run()`` sends heartbeats.
package final class PracticeHub: Sendable {
    let heartbeatInterval: Duration
    private let state = Mutex(State())

    /// Why a wait ended.
    package enum Wake: Sendable, Equatable {
        /// A resource the watcher reads may have changed: read again.
        case changed
        /// Nothing changed for a heartbeat interval.
        case heartbeat
        /// The watcher was cancelled.
        case cancelled
        /// The server is shutting down.
        case shuttingDown
    }

    /// What a watcher has read up to: its basin's revision (none for a coordinator outside any basin) and the
    /// académie's.
    package struct Cursor: Sendable, Hashable {
        package var basin: Int64
        package var academy: Int64

        package init(basin: Int64, academy: Int64) {
            self.basin = basin
            self.academy = academy
        }
    }

    private struct Waiter {
        var basin: BasinID?
        var seen: Cursor
        var continuation: CheckedContinuation<Wake, Never>
    }

    private struct State {
        /// The latest revision announced, per basin.
        var basins: [BasinID: Int64] = [:]
        var academy: Int64 = 0
        var waiters: [Int: Waiter] = [:]
        var nextWaiter = 0
        var closed = false

        func isAhead(of seen: Cursor, basin: BasinID?) -> Bool {
            self.academy > seen.academy || basin.map { (self.basins[$0] ?? 0) > seen.basin } ?? false
        }
    }

    package init(heartbeatInterval: Duration = .seconds(15)) {
        self.heartbeatInterval = heartbeatInterval
    }

    /// Announces a committed change: of `basin`'s library, or of the académie's when `basin` is nil.
    package func published(basin: BasinID?, revision: Int64) {
        let woken = self.state.withLock { state -> [Waiter] in
            if let basin {
                state.basins[basin] = max(state.basins[basin] ?? 0, revision)
            } else {
                state.academy = max(state.academy, revision)
            }
            let ready = state.waiters.filter { state.isAhead(of: $0.value.seen, basin: $0.value.basin) }
            for id in ready.keys { state.waiters[id] = nil }
            return Array(ready.values)
        }
        for waiter in woken { waiter.continuation.resume(returning: .changed) }
    }

    /// Sends a heartbeat to every watcher each interval until cancelled; then wakes every watcher to end.
    package func run() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: self.heartbeatInterval) } catch { break }
            let waiters = self.state.withLock { state in
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.continuation.resume(returning: .heartbeat) }
        }
        self.close()
    }

    /// Wakes every watcher with ``Wake/shuttingDown`` and refuses new waits.
    package func close() {
        let waiters = self.state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume(returning: .shuttingDown) }
    }

    /// Waits until a change after `seen` may have committed in `basin`'s library or the académie's, a heartbeat
    /// interval passes, the task is cancelled, or the hub closes.
    ///
    /// - Parameter cancellation: Ends the wait from outside the task, as gRPC signals a cancelled RPC.
    package func wait(basin: BasinID?, seen: Cursor, cancellation: WatchCancellation) async -> Wake {
        let id = self.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: Wake? = self.state.withLock { state in
                    if state.closed { return .shuttingDown }
                    if Task.isCancelled || cancellation.isCancelled { return .cancelled }
                    if state.isAhead(of: seen, basin: basin) { return .changed }
                    state.waiters[id] = Waiter(basin: basin, seen: seen, continuation: continuation)
                    return nil
                }
                if let immediate {
                    continuation.resume(returning: immediate)
                } else {
                    cancellation.attach { self.cancel(id) }
                }
            }
        } onCancel: {
            self.cancel(id)
        }
    }

    private func cancel(_ id: Int) {
        let waiter = self.state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(returning: .cancelled)
    }

    /// Watchers waiting now.
    package var waiting: Int { self.state.withLock { $0.waiters.count } }
}
