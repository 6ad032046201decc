import Logging
import PoleStageStore
import Synchronization

/// One basin's live feed: after each commit, reads the new entries of the basin's change log and hands them to every
/// subscriber's mailbox, in log order.
///
/// The writer only signals (``notify()``): the reading and the fan-out run on the feed's own task.
final class BasinFeed: Sendable {
    let basin: BasinID
    let store: any ChangeLogStorage
    private let batchSize: Int
    private let state: Mutex<State>
    private let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    private struct State {
        var mailboxes: [Int: Mailbox] = [:]
        /// Every change up to here has been handed to the mailboxes registered at the time.
        var cursor: Int64
        var epoch: Int64
        /// From the commit of the latest change distributed to its distribution, in milliseconds.
        var lastLag: Int64 = 0
    }

    init(store: any ChangeLogStorage, bounds: ChangeLogBounds, batchSize: Int) {
        self.basin = store.basin
        self.store = store
        self.batchSize = batchSize
        self.state = Mutex(State(cursor: bounds.head, epoch: bounds.epoch))
        // One pending signal is enough: a read takes every change committed before it.
        (self.signals, self.signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// A write committed in the basin. Returns at once.
    func notify() { self.signal.yield() }

    /// Registers a mailbox: it receives every change after the feed's cursor, which is returned.
    func add(_ mailbox: Mailbox) -> Int64 {
        self.state.withLock { state in
            state.mailboxes[mailbox.id] = mailbox
            mailbox.start(at: state.cursor)
            return state.cursor
        }
    }

    func remove(_ mailbox: Mailbox) {
        _ = self.state.withLock { $0.mailboxes.removeValue(forKey: mailbox.id) }
    }

    var subscriberCount: Int { self.state.withLock { $0.mailboxes.count } }

    var statistics: FeedStatistics {
        self.state.withLock {
            FeedStatistics(subscribers: $0.mailboxes.count, cursor: $0.cursor, lastLag: Double($0.lastLag))
        }
    }

    var mailboxes: [Mailbox] { self.state.withLock { Array($0.mailboxes.values) } }

    /// Reads and distributes on every signal until the task is cancelled or the signals finish.
    func run(logger: Logger) async {
        for await _ in self.signals {
            do {
                try await self.distributeNewChanges()
            } catch {
                // The next commit signals again; subscribers that miss a batch meanwhile are none: the cursor has not
                // moved.
                logger.warning(
                    "Live feed could not read the change log",
                    metadata: ["polestage.basin": "\(self.basin)", "error": "\(error)"]
                )
            }
        }
    }

    func finish() { self.signal.finish() }

    private func distributeNewChanges() async throws {
        while true {
            let cursor = self.state.withLock { $0.cursor }
            let (bounds, changes) = try await self.store.changes(after: cursor, limit: self.batchSize)
            let currentWeek = self.store.currentWeek
            let done = self.state.withLock { state -> Bool in
                if bounds.epoch != state.epoch {
                    // Reset: every subscriber starts over from a snapshot; the feed from the new epoch's first entry.
                    state.epoch = bounds.epoch
                    state.cursor = bounds.retainedAfter
                    for mailbox in state.mailboxes.values { mailbox.markEpochChanged() }
                    return false
                }
                guard let last = changes.last else { return true }
                for mailbox in state.mailboxes.values {
                    mailbox.deliver(changes, through: last.offset, currentWeek: currentWeek)
                }
                state.cursor = last.offset
                state.lastLag = max(0, self.store.nowMilliseconds - last.at)
                return changes.count < self.batchSize
            }
            if done { return }
        }
    }
}

/// One basin's feed, for metrics.
package struct FeedStatistics: Sendable, Hashable {
    /// Live subscribers now.
    package var subscribers: Int
    /// The last change distributed.
    package var cursor: Int64
    /// Milliseconds from the commit of the last change distributed to its distribution.
    package var lastLag: Double
}
