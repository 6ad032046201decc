/// The flow-control credit a sender holds for one stream (`docs/protocol.md`, "Flow control").
///
/// A message of `n` bytes may be sent when `n` fits in the credit, or when the whole window is
/// available (nothing unacknowledged), so that a message larger than the window still goes, alone.
/// The peer therefore never holds more than `max(window, one message)` unread bytes of a stream.
package struct SendWindow: Sendable, Equatable {
    /// The window the peer granted in its SETTINGS.
    package let size: Int
    /// Bytes that may still be sent; negative after a message larger than the window.
    package private(set) var credit: Int

    package init(size: Int) {
        self.size = size
        self.credit = size
    }

    /// Bytes sent and not yet acknowledged by a WINDOW_UPDATE.
    package var outstanding: Int {
        self.size - self.credit
    }

    /// Takes credit for a message of `count` bytes; `false` when the sender must wait.
    package mutating func consume(_ count: Int) -> Bool {
        guard count <= self.credit || self.credit == self.size else { return false }
        self.credit -= count
        return true
    }

    /// Adds credit from a WINDOW_UPDATE; `false` when it would exceed the window (a protocol error).
    package mutating func grant(_ increment: Int) -> Bool {
        guard self.credit + increment <= self.size else { return false }
        self.credit += increment
        return true
    }
}
