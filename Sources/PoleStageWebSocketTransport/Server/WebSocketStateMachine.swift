import NIOWebSocket

/// The WebSocket layer of one server connection, as a value: keepalive and the close handshake (RFC 6455 §5.5.1,
/// §7). ``WebSocketConnectionHandler`` feeds it the frames and timer ticks it sees and carries out the actions it
/// returns; it holds no flag of its own about the connection's state.
///
/// A WebSocket is *open* (pings go out while the peer answers them), then *ending* (a close was decided, by either
/// side: nothing more is read, and what the connection queued goes before the close frame), then *close sent* (the
/// close frame went: the channel closes when the peer answers, or after the close timeout), then *closed*.
struct WebSocketStateMachine {
    enum State: Equatable {
        case open(awaitingPong: Bool)
        case ending(receivedClose: Bool)
        case closeSent(receivedClose: Bool)
        case closed
    }

    /// What to do when the ping timer fires.
    enum PingAction: Equatable {
        case none
        case sendPing
        /// The peer did not answer the last ping: close with 1001 "Ping timeout" (docs/protocol.md).
        case closeForPingTimeout
    }

    /// What to do when the peer closes (a close frame, or the end of its input).
    enum PeerCloseAction: Equatable {
        case none
        /// Close the connection after what it queued, echoing the peer's code.
        case endConnection(WebSocketErrorCode)
        /// Our close frame already went: the handshake is complete, close the channel.
        case closeChannel
    }

    /// What to do when the connection's writer sends the close frame.
    enum SendCloseAction: Equatable {
        case none
        /// Write the close frame, then close the channel: the peer's close frame came first.
        case writeCloseThenCloseChannel
        /// Write the close frame and wait for the peer's, at most the close timeout.
        case writeCloseAndWaitForPeer
    }

    private(set) var state = State.open(awaitingPong: false)

    /// Whether received messages are read: only while open.
    var readsMessages: Bool {
        if case .open = self.state { return true }
        return false
    }

    /// Whether a ping from the peer is answered: until our close frame went.
    var answersPings: Bool {
        switch self.state {
        case .open, .ending: return true
        case .closeSent, .closed: return false
        }
    }

    mutating func pingTimerFired() -> PingAction {
        guard case .open(let awaitingPong) = self.state else { return .none }
        if awaitingPong {
            self.state = .ending(receivedClose: false)
            return .closeForPingTimeout
        }
        self.state = .open(awaitingPong: true)
        return .sendPing
    }

    mutating func receivedPong() {
        if case .open = self.state { self.state = .open(awaitingPong: false) }
    }

    mutating func peerClosed(_ code: WebSocketErrorCode) -> PeerCloseAction {
        switch self.state {
        case .open:
            self.state = .ending(receivedClose: true)
            return .endConnection(code)
        case .ending:
            self.state = .ending(receivedClose: true)
            return .none
        case .closeSent:
            self.state = .closeSent(receivedClose: true)
            return .closeChannel
        case .closed:
            return .none
        }
    }

    /// This side decided to close (a protocol violation, a message too large); `false` when a close was already
    /// decided.
    mutating func endRequested() -> Bool {
        guard case .open = self.state else { return false }
        self.state = .ending(receivedClose: false)
        return true
    }

    mutating func sendingClose() -> SendCloseAction {
        switch self.state {
        case .open:
            self.state = .closeSent(receivedClose: false)
            return .writeCloseAndWaitForPeer
        case .ending(let receivedClose):
            self.state = .closeSent(receivedClose: receivedClose)
            return receivedClose ? .writeCloseThenCloseChannel : .writeCloseAndWaitForPeer
        case .closeSent, .closed:
            return .none
        }
    }

    mutating func channelClosed() {
        self.state = .closed
    }
}
