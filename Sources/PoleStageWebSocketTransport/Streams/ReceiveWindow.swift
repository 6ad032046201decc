/// The receiving side of one stream's flow control: what the peer sent and the reader has not consumed.
///
/// Credit is given back (a WINDOW_UPDATE) when the reader has consumed half the window, or everything
/// buffered, and never once the peer has finished sending: a unary call costs no WINDOW_UPDATE.
package struct ReceiveWindow: Sendable, Equatable {
    package let size: Int
    /// Bytes received and not yet consumed by the reader.
    package private(set) var buffered: Int = 0
    /// Bytes consumed and not yet given back.
    package private(set) var unreported: Int = 0

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
    package mutating func consume(_ count: Int, peerFinished: Bool) -> UInt32? {
        self.buffered -= count
        self.unreported += count
        // Nothing to give back after an empty message: a WINDOW_UPDATE of 0 is malformed.
        guard !peerFinished, self.unreported > 0 else { return nil }
        guard self.unreported >= self.size / 2 || self.buffered == 0 else { return nil }
        defer { self.unreported = 0 }
        return UInt32(clamping: self.unreported)
    }
}
