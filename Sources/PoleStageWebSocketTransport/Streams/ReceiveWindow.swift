/// The receiving side of one stream's flow control: what the peer sent and the reader has not consumed.
///
/// Credit is given back (a WINDOW_UPDATE) when the reader has consumed half the window, or everything
/// buffered, and never once the peer has finished sending: a unary call costs no WINDOW_UPDATE. With credit
/// requests (`docs/protocol.md` §7), "everything buffered" counts only while the peer asked for credit: a reader
/// that keeps up with small messages gives credit back once per half window instead of once per message.
package struct ReceiveWindow: Sendable, Equatable {
    package let size: Int
    /// Bytes received and not yet consumed by the reader.
    package private(set) var buffered: Int = 0
    /// Bytes consumed and not yet given back.
    package private(set) var unreported: Int = 0
    /// The peer asked for credit (CREDIT_REQUEST) and has not been given any since.
    package private(set) var creditRequested = false

    package init(size: Int) {
        self.size = size
    }

    /// Accounts for a received message; `false` when the peer overran the window (a flow-control error).
    package mutating func receive(_ count: Int) -> Bool {
        guard self.buffered + count <= self.size || self.buffered == 0 else { return false }
        // A sender may send a message larger than the window only when it holds all of its credit.
        guard count <= self.size || (self.buffered == 0 && self.unreported == 0) else { return false }
        self.buffered += count
        return true
    }

    /// Accounts for a message the reader consumed; returns the WINDOW_UPDATE increment to send, if any.
    ///
    /// - Parameter lazy: Credit requests are on: a caught-up reader gives credit back only when it was asked.
    package mutating func consume(_ count: Int, peerFinished: Bool, lazy: Bool = false) -> UInt32? {
        self.buffered -= count
        self.unreported += count
        guard self.unreported >= self.size / 2 || (self.buffered == 0 && (!lazy || self.creditRequested)) else {
            return nil
        }
        return self.report(peerFinished: peerFinished)
    }

    /// The peer asked for credit: it is given at once when the reader has caught up, else once it has.
    package mutating func requestCredit(peerFinished: Bool) -> UInt32? {
        self.creditRequested = true
        guard self.buffered == 0 else { return nil }
        return self.report(peerFinished: peerFinished)
    }

    /// Gives back what was consumed, if anything.
    private mutating func report(peerFinished: Bool) -> UInt32? {
        // Nothing to give back after an empty message: a WINDOW_UPDATE of 0 is malformed.
        guard !peerFinished, self.unreported > 0 else { return nil }
        defer {
            self.unreported = 0
            self.creditRequested = false
        }
        return UInt32(clamping: self.unreported)
    }
}
