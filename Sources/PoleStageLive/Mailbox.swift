import NIOCore
package import PoleStageStore
import Synchronization

/// One subscriber's bounded buffer between the basin's feed, which fills it, and the subscriber's stream, which
/// drains it.
///
/// The feed never waits on a mailbox: a batch that does not fit is dropped and the mailbox marked overflowed, and the
/// subscriber reads what it missed from the log (see ``ChangeHub/subscribe(basin:filter:resumeFrom:snapshot:cancellation:immediate:deliver:)``).
///
/// While the subscriber waits with nothing buffered, the feed writes a change straight to its stream through
/// ``immediate``, when that needs no waiting: no task is woken for it. Only what cannot go that way is buffered.
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
    /// Writes a change to the subscriber's stream without waiting; see ``ImmediateWrite``.
    let immediate: ImmediateWrite?
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
        var immediateWrites = 0
        var waiter: UnsafeContinuation<Void, Never>?
        /// The epoch of the subscriber's position while it waits: what the changes written immediately carry.
        var waitingEpoch: Int64 = 0
        /// The offset of the last change written immediately: the subscriber's position moves there when it wakes.
        var writtenThrough: Int64 = 0

        var hasItem: Bool {
            self.closed != nil || self.epochChanged || !self.buffer.isEmpty || self.overflowed || self.heartbeatDue
        }

        mutating func take() -> Item? {
            if let closed { return .closed(closed) }
            if self.epochChanged {
                self.epochChanged = false
                self.overflowed = false
                self.writtenThrough = 0
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

        mutating func wake() -> UnsafeContinuation<Void, Never>? {
            defer { self.waiter = nil }
            return self.waiter
        }
    }

    init(id: Int, filter: OfferFilter, capacity: Int, immediate: ImmediateWrite? = nil) {
        self.id = id
        self.filter = filter
        self.capacity = capacity
        self.immediate = immediate
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
        let waiter = self.state.withLock { state -> UnsafeContinuation<Void, Never>? in
            guard state.closed == nil, !state.overflowed else { return nil }
            // The changes written immediately; the rest goes to the buffer. An index, not a shrinking slice: taking a
            // slice's first element copies the change, a retain of each of its strings for every subscriber.
            var written = 0
            // The subscriber waits, caught up: its task is parked in `next()` and writes nothing meanwhile, so the
            // stream is ours to write, in order, under this lock.
            if let immediate = self.immediate, state.waiter != nil, state.buffer.isEmpty {
                while written < matching.count {
                    let offset = matching[written].offset
                    let position = ChangePosition(epoch: state.waitingEpoch, offset: offset)
                    guard immediate(matching[written], position, currentWeek) else { break }
                    state.writtenThrough = offset
                    state.activeSinceTick = true
                    state.immediateWrites += 1
                    written += 1
                }
            }
            let rest = matching[written...]
            if state.buffer.count + rest.count > self.capacity {
                state.overflowed = true
                state.overflows += 1
                return state.wake()
            }
            state.seenThrough = offset
            guard !rest.isEmpty else { return nil }
            state.buffer.append(contentsOf: rest)
            state.highWater = max(state.highWater, state.buffer.count)
            return state.wake()
        }
        waiter?.resume()
    }

    /// Asks for a heartbeat if nothing was taken since the last tick.
    func tick() {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Void, Never>? in
            defer { state.activeSinceTick = false }
            guard !state.activeSinceTick else { return nil }
            state.heartbeatDue = true
            return state.wake()
        }
        waiter?.resume()
    }

    func markEpochChanged() {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Void, Never>? in
            state.epochChanged = true
            return state.wake()
        }
        waiter?.resume()
    }

    func close(_ end: SubscriptionEnd) {
        let waiter = self.state.withLock { state -> UnsafeContinuation<Void, Never>? in
            if state.closed == nil { state.closed = end }
            state.buffer.removeAll()
            return state.wake()
        }
        waiter?.resume()
    }

    var statistics: MailboxStatistics {
        self.state.withLock {
            MailboxStatistics(
                buffered: $0.buffer.count,
                highWater: $0.highWater,
                overflows: $0.overflows,
                immediateWrites: $0.immediateWrites
            )
        }
    }

    /// The subscriber waits in ``next(epoch:)``: changes may be written immediately.
    var isWaiting: Bool { self.state.withLock { $0.waiter != nil } }

    // MARK: The subscriber's side.

    /// The next item, waiting for one; a cancelled task gets `.closed(.cancelled)`.
    ///
    /// - Parameter epoch: The epoch of the subscriber's position, for the changes written immediately meanwhile.
    /// - Returns: The item, and the offset of the last change written immediately (0 for none): every change up to
    ///   it was delivered, and the buffered ones come after it.
    func next(epoch: Int64) async -> (item: Item, writtenThrough: Int64) {
        while true {
            if let taken = self.state.withLock({ state in state.take().map { ($0, state.writtenThrough) } }) {
                return taken
            }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                    let ready = self.state.withLock { state -> Bool in
                        if state.hasItem { return true }
                        state.waiter = continuation
                        state.waitingEpoch = epoch
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
package struct MailboxStatistics: Sendable, Hashable {
    /// Changes waiting now.
    package var buffered: Int
    /// The most ever waiting at once: never above ``LiveConfiguration/mailboxCapacity``.
    package var highWater: Int
    /// How many times a batch did not fit and the subscriber was sent to catch up from the log.
    package var overflows: Int
    /// Changes the feed wrote to the subscriber's stream itself, without waking the subscriber.
    package var immediateWrites: Int
}

/// Writes one change, at its position and as of the basin's current week, to a subscriber's stream without waiting,
/// from the feed's task: `false`, with nothing written, when that would need waiting (flow control, a full
/// connection) or the stream ended. The change then goes through the mailbox and the subscriber's own task, which
/// waits as needed.
///
/// Called under the feed's and the mailbox's locks, in the order of the stream: it must not wait, block, or call
/// back into the live feed.
package typealias ImmediateWrite = @Sendable (OfferChange, ChangePosition, ISOWeek) -> Bool
