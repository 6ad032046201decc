import Foundation
package import Logging
package import PoleStageStore
package import PostgresNIO
import Synchronization

/// How the nodes on one database tell one another that a basin committed: a coalesced wake-up beside the change log,
/// which stays the only record of what changed.
///
/// - A commit on this node wakes this node's observers at once, and adds its basin to the set the node's notifier sends.
/// - The notifier sends `pg_notify` outside every write transaction, one statement for every basin that committed
///   since its last statement: under load, one statement per round trip, whatever the number of commits. A write never
///   waits for it, and never holds the lock PostgreSQL takes to queue a notification at commit.
/// - The listener holds one connection in `LISTEN` and wakes this node's observers for the basins other nodes name.
/// - A notification can be lost (a listener reconnecting, the notifier failing): every ``pollInterval`` every basin is
///   signalled anyway, and after the listener (re)connects too. Observers read the change log by position, so a signal
///   with nothing new costs one indexed read.
package final class CommitSignals: Sendable {
    /// The channel every node listens on; a payload is `node|basin`.
    static let channel = "polestage_commits"

    /// This node's name in payloads, so that it skips its own.
    let node: String
    let client: PostgresClient
    let logger: Logger
    let pollInterval: Duration
    /// Whether commits are announced with `pg_notify`; without, the other nodes learn of them at their next poll. Only
    /// for measuring what the notifications cost the writes.
    let notifies: Bool
    private let state = Mutex(State())
    private let pending: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    private struct State {
        var observers: [@Sendable (BasinID) -> Void] = []
        var toSend: Set<BasinID> = []
        /// The basins this node has signalled or heard of: the ones a poll signals.
        var known: Set<BasinID> = []
        var listening = false
        var sent = 0
        var statements = 0
        var received = 0
    }

    /// - Parameters:
    ///   - pollInterval: How often every known basin is signalled, notification or not.
    ///   - notifies: Whether commits are announced to the other nodes (always, but to measure their cost).
    package init(client: PostgresClient, logger: Logger, pollInterval: Duration = .seconds(1), notifies: Bool = true) {
        self.node = UUID().uuidString
        self.client = client
        self.logger = logger
        self.pollInterval = pollInterval
        self.notifies = notifies
        (self.pending, self.wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    package func observe(_ observer: @escaping @Sendable (BasinID) -> Void) {
        self.state.withLock { $0.observers.append(observer) }
    }

    /// A write to `basin` committed on this node.
    package func committed(_ basin: BasinID) {
        let observers = self.state.withLock { state in
            state.toSend.insert(basin)
            state.known.insert(basin)
            return state.observers
        }
        self.wake.yield()
        for observer in observers { observer(basin) }
    }

    /// Wakes this node's observers for `basins`.
    private func signal(_ basins: some Sequence<BasinID>) {
        let observers = self.state.withLock { state in
            state.known.formUnion(basins)
            return state.observers
        }
        for basin in basins { for observer in observers { observer(basin) } }
    }

    /// Whether the listener is in `LISTEN` now.
    package var isListening: Bool { self.state.withLock { $0.listening } }

    /// Notifications sent and statements that sent them, and notifications received from other nodes.
    package var counts: (sent: Int, statements: Int, received: Int) {
        self.state.withLock { ($0.sent, $0.statements, $0.received) }
    }

    /// Runs the notifier, the listener and the poll until cancelled.
    package func run() async {
        await withDiscardingTaskGroup { group in
            if self.notifies { group.addTask { await self.runNotifier() } }
            group.addTask { await self.runListener() }
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: self.pollInterval) } catch { return }
                    self.signal(self.state.withLock { $0.known })
                }
            }
        }
    }

    private func runNotifier() async {
        for await _ in self.pending {
            let basins = self.state.withLock { state in
                defer { state.toSend = [] }
                return state.toSend
            }
            guard !basins.isEmpty else { continue }
            let payloads = basins.map { "\(self.node)|\($0.rawValue)" }
            do {
                try await self.client.query(
                    "SELECT pg_notify(\(Self.channel), payload) FROM unnest(\(payloads)) AS p (payload)",
                    logger: self.logger
                )
                self.state.withLock { state in
                    state.sent += payloads.count
                    state.statements += 1
                }
            } catch {
                // The other nodes' polls read these commits anyway.
                self.logger.debug("Commit notification failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func runListener() async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await self.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        self.state.withLock { $0.listening = true }
                        delay = .milliseconds(100)
                        // What committed while not listening is read now.
                        self.signal(self.state.withLock { $0.known })
                        for try await notification in notifications {
                            let parts = notification.payload.split(separator: "|", maxSplits: 1)
                            guard parts.count == 2, parts[0] != self.node, let basin = BasinID(String(parts[1])) else {
                                continue
                            }
                            self.state.withLock { $0.received += 1 }
                            self.signal([basin])
                        }
                    }
                }
            } catch {
                if Task.isCancelled { break }
                self.logger.warning(
                    "Listening for other nodes' commits failed: retrying",
                    metadata: ["error": "\(error)", "polestage.retry_in": "\(delay)"]
                )
            }
            self.state.withLock { $0.listening = false }
            do { try await Task.sleep(for: delay) } catch { break }
            delay = min(delay * 2, .seconds(5))
        }
        self.wake.finish()
    }
}
