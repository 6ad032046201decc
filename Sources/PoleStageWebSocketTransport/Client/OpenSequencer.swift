import PoleStageWire
import Synchronization

/// Puts a connection's OPEN frames on the wire in stream-id order.
///
/// Stream ids are taken when a call starts, but its OPEN is written when GRPCCore sends the request
/// metadata, from the call's own task; two calls can reach that point in either order. The protocol
/// wants ids to increase on the wire, so the OPEN of stream N waits until every lower stream has sent
/// its OPEN or was abandoned without one. Calls wait only on calls that started before them.
final class OpenSequencer: Sendable {
    private struct State {
        /// Every stream id up to this one has sent its OPEN or been abandoned.
        var settledThrough: UInt32 = 0
        /// Ids settled out of order, above `settledThrough + 1`.
        var settledAhead: Set<UInt32> = []
        /// The one stream waiting for its turn, by id.
        var waiters: [UInt32: CheckedContinuation<Void, Never>] = [:]

        /// Settles `id`; returns the waiters whose turn has come (the next one, and any stream that was
        /// abandoned while it waited).
        mutating func settle(_ id: UInt32) -> [CheckedContinuation<Void, Never>] {
            self.settledAhead.insert(id)
            while self.settledAhead.remove(self.settledThrough + 1) != nil {
                self.settledThrough += 1
            }
            let due = self.waiters.keys.filter { $0 <= self.settledThrough + 1 }
            return due.compactMap { self.waiters.removeValue(forKey: $0) }
        }
    }

    private let state = Mutex(State())

    /// Streams waiting for their turn.
    var waiterCount: Int {
        self.state.withLock { $0.waiters.count }
    }

    /// Waits until stream `id` may send its OPEN.
    func waitForTurn(_ id: StreamID) async {
        await withCheckedContinuation { continuation in
            let ready = self.state.withLock { state in
                if state.settledThrough + 1 >= id.rawValue { return true }
                state.waiters[id.rawValue] = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Stream `id` sent its OPEN, or will never send one: the next stream may go.
    func settle(_ id: StreamID) {
        let due = self.state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard id.rawValue > state.settledThrough, !state.settledAhead.contains(id.rawValue) else { return [] }
            return state.settle(id.rawValue)
        }
        for waiter in due { waiter.resume() }
    }
}
