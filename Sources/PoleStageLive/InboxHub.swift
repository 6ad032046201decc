package import Logging
package import PoleStageStore
import Synchronization

/// Wakes the watchers of inboxes when a message for them commits.
///
/// A write commits, the registry's commit observer signals the basin's reader, which reads the recipients of the
/// messages after its cursor (one indexed query) and wakes the watchers of those recipients. A watcher reads its own
/// messages itself (``BasinStore/inboxMessages(_:after:limit:)``), then waits with the basin-wide id it has read up to:
/// a message committed after that id wakes it, whether the reader saw it before or after the watcher started waiting.
///
/// ``run()`` must be running for watchers to wake.
package final class InboxHub: Sendable {
    let basins: any BasinDirectory
    let logger: Logger
    let heartbeatInterval: Duration
    private let state = Mutex(State())
    private let signals: AsyncStream<BasinID>
    private let signal: AsyncStream<BasinID>.Continuation

    /// Why a wait ended.
    package enum Wake: Sendable, Equatable {
        /// A message for the recipient may have arrived: read again.
        case messages
        /// Nothing arrived for a heartbeat interval.
        case heartbeat
        /// The watcher was cancelled.
        case cancelled
        /// The server is shutting down.
        case shuttingDown
    }

    private struct Waiter {
        var recipient: String
        var continuation: CheckedContinuation<Wake, Never>
    }

    private struct Basin {
        /// Every message up to here has woken the watchers waiting at the time.
        var cursor: Int64
        var waiters: [Int: Waiter] = [:]
    }

    private struct State {
        var basins: [BasinID: Basin] = [:]
        var nextWaiter = 0
        var closed = false
    }

    package init(basins: any BasinDirectory, heartbeatInterval: Duration = .seconds(15), logger: Logger) {
        self.basins = basins
        self.heartbeatInterval = heartbeatInterval
        self.logger = logger
        (self.signals, self.signal) = AsyncStream.makeStream(of: BasinID.self)
        basins.observeCommits { [weak self] basin in
            guard let self, self.state.withLock({ $0.basins[basin] != nil }) else { return }
            self.signal.yield(basin)
        }
    }

    /// Reads the recipients of new messages after each signal, and wakes every watcher with a heartbeat each interval,
    /// until cancelled; then wakes every watcher to end.
    package func run() async {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    while !Task.isCancelled {
                        do { try await Task.sleep(for: self.heartbeatInterval) } catch { return }
                        self.wakeAll(.heartbeat)
                    }
                }
                await self.readOnSignals()
                group.cancelAll()
            }
        } onCancel: {
            self.signal.finish()
        }
        self.close()
    }

    private func readOnSignals() async {
        for await basin in self.signals {
            do {
                try await self.readNewMessages(basin)
            } catch {
                // The cursor has not moved: the next commit reads these messages again.
                self.logger.warning(
                    "Live inbox could not read new messages",
                    metadata: ["polestage.basin": "\(basin)", "error": "\(error)"]
                )
            }
        }
    }

    private func wakeAll(_ wake: Wake) {
        let waiters = self.state.withLock { state in
            let all = state.basins.values.flatMap { $0.waiters.values }
            for basin in state.basins.keys { state.basins[basin]?.waiters = [:] }
            return all
        }
        for waiter in waiters { waiter.continuation.resume(returning: wake) }
    }

    /// Wakes every watcher with ``Wake/shuttingDown`` and refuses new waits.
    package func close() {
        let waiters = self.state.withLock { state in
            state.closed = true
            defer { state.basins = [:] }
            return state.basins.values.flatMap { $0.waiters.values }
        }
        for waiter in waiters { waiter.continuation.resume(returning: .shuttingDown) }
    }

    /// Waits until a message for `recipient` may have arrived after the basin-wide id `seen`, the task is cancelled, or
    /// the hub closes. Returns at once when the basin's cursor is already past `seen`.
    ///
    /// - Parameter cancellation: Ends the wait from outside the task, as gRPC signals a cancelled RPC.
    package func wait(
        basin: BasinID,
        recipient: InboxRecipient,
        seen: Int64,
        cancellation: WatchCancellation
    ) async throws -> Wake {
        if self.state.withLock({ $0.basins[basin] == nil }) {
            let head = try await self.basins.storage(for: basin).inboxHead()
            let added = self.state.withLock { state in
                guard state.basins[basin] == nil else { return false }
                state.basins[basin] = Basin(cursor: head)
                return true
            }
            // A message committed between the read of the head and now was not signalled: read once more.
            if added { self.signal.yield(basin) }
        }
        let id = self.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let immediate: Wake? = self.state.withLock { state in
                    if state.closed { return .shuttingDown }
                    if Task.isCancelled { return .cancelled }
                    guard let current = state.basins[basin] else { return .messages }
                    if current.cursor > seen { return .messages }
                    state.basins[basin]?.waiters[id] = Waiter(recipient: recipient.key, continuation: continuation)
                    return nil
                }
                if let immediate {
                    continuation.resume(returning: immediate)
                } else {
                    cancellation.attach { self.cancel(id, basin: basin) }
                }
            }
        } onCancel: {
            self.cancel(id, basin: basin)
        }
    }

    /// Ends a wait from outside its task (gRPC's cancellation handler).
    func cancel(_ id: Int, basin: BasinID) {
        let waiter = self.state.withLock { $0.basins[basin]?.waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(returning: .cancelled)
    }

    /// Watchers waiting now, over every basin.
    package var waiting: Int { self.state.withLock { $0.basins.values.reduce(0) { $0 + $1.waiters.count } } }

    private func readNewMessages(_ basin: BasinID) async throws {
        let store = self.basins.storage(for: basin)
        while true {
            guard let cursor = self.state.withLock({ $0.basins[basin]?.cursor }) else { return }
            let rows = try await store.inboxRecipients(after: cursor, limit: 500)
            guard let last = rows.last?.id else { return }
            let recipients = Set(rows.map(\.recipient))
            let woken = self.state.withLock { state -> [Waiter] in
                guard var current = state.basins[basin] else { return [] }
                current.cursor = last
                let matching = current.waiters.filter { recipients.contains($0.value.recipient) }
                for id in matching.keys { current.waiters[id] = nil }
                state.basins[basin] = current
                return Array(matching.values)
            }
            for waiter in woken { waiter.continuation.resume(returning: .messages) }
            if rows.count < 500 { return }
        }
    }
}

/// Ends an inbox watch from outside its task: gRPC signals a cancelled RPC through a handler, not by cancelling the
/// handler's task.
package final class WatchCancellation: Sendable {
    private let state = Mutex<(cancelled: Bool, cancelWait: (@Sendable () -> Void)?)>((false, nil))

    package init() {}

    package var isCancelled: Bool { self.state.withLock { $0.cancelled } }

    /// Ends the watch's current wait, and every later one.
    package func cancel() {
        let cancelWait = self.state.withLock { state in
            state.cancelled = true
            return state.cancelWait
        }
        cancelWait?()
    }

    func attach(_ cancelWait: @escaping @Sendable () -> Void) {
        let cancelled = self.state.withLock { state in
            state.cancelWait = cancelWait
            return state.cancelled
        }
        if cancelled { cancelWait() }
    }
}
