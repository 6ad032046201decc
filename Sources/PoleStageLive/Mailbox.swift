import NIOCore
import PoleStageStore
import Synchronization

/// One subscriber's bounded buffer between the basin's feed, which fills it, and the subscriber's stream, which
/// drains it.
///
/// The feed never waits on a mailbox: a batch that does not fit is dropped and the mailbox marked overflowed, and the
/// subscriber reads what it missed from the log (see ``ChangeHub/subscribe(basin:filter:resumeFrom:snapshot:deliver:)``).
final class Mailbox: Sendable {
    enum Item: Sendable {
        case change(OfferChange)
        /// Changes were dropped after the buffered ones: catch up from the log.
        case overflow
        /// The log was reset: every position is void.
        case epochChanged
        /// Silent for the heartbeat interval; every change up to `seenThrough` has been handed over.
        case heartbeat(seenThrough: Int64)
        case closed(SubscriptionEnd)
    }

    let id: Int
    let filter: OfferFilter
    let capacity: Int
    private let state: Mutex<State>

    private struct State {
        /// Starts small: an idle subscriber's mailbox is empty, and 16 changes (NIO's default) would be about 10 KiB.
        var buffer = CircularBuffer<OfferChange>(initialCapacity: 2)
        var overflowed = false
        var epochChanged = false
        var heartbeatDue = false
        var activeSinceTick = false
        var closed: SubscriptionEnd?
        var seenThrough: Int64 = 0
        var highWater = 0
        var overflows = 0
        var waiter: CheckedContinuation<Void, Never>?

        var hasItem: Bool {
            self.closed != nil || self.epochChanged || !self.buffer.isEmpty || self.overflowed || self.heartbeatDue
        }

        mutating func take() -> Item? {
            if let closed { return .closed(closed) }
            if self.epochChanged {
                self.epochChanged = false
                self.overflowed = false
                self.buffer.removeAll()
                return .epochChanged
            }
            if let change = self.buffer.popFirst() {
                self.activeSinceTick = true
                return .change(change)
            }
            if self.overflowed {
                // Re-armed from here: the feed fills the buffer again while the subscriber catches up.
                self.overflowed = false
                return .overflow
            }
            if self.heartbeatDue {
                self.heartbeatDue = false
                return .heartbeat(seenThrough: self.seenThrough)
            }
            return nil
        }

        mutating func wake() -> CheckedContinuation<Void, Never>? {
            defer { self.waiter = nil }
            return self.waiter
        }
    }

    init(id: Int, filter: OfferFilter, capacity: Int) {
        self.id = id
        self.filter = filter
        self.capacity = capacity
        self.state = Mutex(State())
    }

    // MARK: The feed's side: never blocks.

    /// Starts the mailbox at the feed's cursor: the changes after it arrive here.
    func start(at cursor: Int64) {
        self.state.withLock { $0.seenThrough = cursor }
    }

    /// Hands over the batch's changes that match the filter; `offset` is the batch's last.
    func deliver(_ changes: [OfferChange], through offset: Int64, currentWeek: ISOWeek) {
        // The usual batch is one change: no array is built for it.
        let matching: [OfferChange]
        if changes.count == 1 {
            matching = self.filter.matches(changes[0], currentWeek: currentWeek) ? changes : []
        } else {
            matching = changes.filter { self.filter.matches($0, currentWeek: currentWeek) }
        }
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.closed == nil, !state.overflowed else { return nil }
            if state.buffer.count + matching.count > self.capacity {
                state.overflowed = true
                state.overflows += 1
                return state.wake()
            }
            state.seenThrough = offset
            guard !matching.isEmpty else { return nil }
            state.buffer.append(contentsOf: matching)
            state.highWater = max(state.highWater, state.buffer.count)
            return state.wake()
        }
        waiter?.resume()
    }

    /// Asks for a heartbeat if nothing was taken since the last tick.
    func tick() {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.activeSinceTick = false }
            guard !state.activeSinceTick else { return nil }
            state.heartbeatDue = true
            return state.wake()
        }
        waiter?.resume()
    }

    func markEpochChanged() {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.epochChanged = true
            return state.wake()
        }
        waiter?.resume()
    }

    func close(_ end: SubscriptionEnd) {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.closed == nil { state.closed = end }
            state.buffer.removeAll()
            return state.wake()
        }
        waiter?.resume()
    }

    var statistics: MailboxStatistics {
        self.state.withLock {
            MailboxStatistics(buffered: $0.buffer.count, highWater: $0.highWater, overflows: $0.overflows)
        }
    }

    // MARK: The subscriber's side.

    /// The next item, waiting for one; a cancelled task gets `.closed(.cancelled)`.
    func next() async -> Item {
        while true {
            if let item = self.state.withLock({ $0.take() }) { return item }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let ready = self.state.withLock { state -> Bool in
                        if state.hasItem { return true }
                        state.waiter = continuation
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                self.close(.cancelled)
            }
        }
    }
}

/// What one subscriber's buffer holds and has held.
public struct MailboxStatistics: Sendable, Hashable {
    /// Changes waiting now.
    public var buffered: Int
    /// The most ever waiting at once: never above ``LiveConfiguration/mailboxCapacity``.
    public var highWater: Int
    /// How many times a batch did not fit and the subscriber was sent to catch up from the log.
    public var overflows: Int
}
