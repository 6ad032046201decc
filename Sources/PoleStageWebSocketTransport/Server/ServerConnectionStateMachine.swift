import NIOWebSocket
import PoleStageWire

/// The lifecycle of one server connection, as a value: what ``ServerConnection`` does on each event is decided here
/// and returned as an action; the connection only carries it out (writes a frame, closes, cancels handlers).
///
/// A connection is *active* until it drains (GOAWAY sent: no new stream, closes once the last one ended) or closes (a
/// close was requested: the WebSocket is closing); it is *closed* once the WebSocket is gone. The machine counts the
/// streams whose handler has not returned, so that "may we close now?" is answered in one place, under one lock.
struct ServerConnectionStateMachine {
    enum Phase: Equatable {
        /// Serving: new streams are taken.
        case active
        /// GOAWAY sent: new streams are refused; the connection closes once its last stream ended.
        case draining
        /// A close was requested (drained, idle, shutdown, protocol error): the close handshake is under way.
        case closing
        /// The WebSocket is gone: nothing more is read or written.
        case closed
    }

    /// What to do with an OPEN frame.
    enum OpenAction: Equatable {
        /// The stream may start (its method, metadata and limits are checked next).
        case open
        /// Refuse the stream with UNAVAILABLE: the server is shutting down (the client retries on a new connection).
        case refuseDraining
        /// Drop the frame: the connection is closing and will answer nothing more.
        case drop
        /// Close the connection: stream ids must increase.
        case protocolError(previous: StreamID)
    }

    /// What to do after a drain request.
    enum DrainAction: Equatable {
        case none
        /// Send GOAWAY naming the last stream the server took; close at once when `thenClose`.
        case sendGoAway(lastStreamID: StreamID, thenClose: Bool)
    }

    /// Why the connection closes itself.
    enum CloseAction: Equatable {
        case none
        /// Close with 1001 and this reason.
        case close(reason: String)
    }

    /// What to do when a stream's handler returned.
    enum StreamEndAction: Equatable {
        case none
        /// The connection was draining and this was its last stream: close with 1001 and this reason.
        case close(reason: String)
        /// The WebSocket had closed and this was its last stream: the connection is finished.
        case finish
    }

    private(set) var phase = Phase.active
    /// The highest stream id the client opened.
    private(set) var lastStreamID = StreamID.connection
    /// Streams whose handler has not returned.
    private(set) var runningStreams = 0
    private var settingsReceived = false
    /// When the connection last had no stream running: its start, or its last stream's end.
    private var lastActivity: ContinuousClock.Instant

    init(now: ContinuousClock.Instant) {
        self.lastActivity = now
    }

    /// The client's SETTINGS arrived; `false` when they had already (SETTINGS is sent once, docs/protocol.md §4).
    mutating func receivedSettings() -> Bool {
        defer { self.settingsReceived = true }
        return !self.settingsReceived
    }

    /// An OPEN frame for stream `id` arrived.
    mutating func receivedOpen(_ id: StreamID) -> OpenAction {
        guard id > self.lastStreamID else { return .protocolError(previous: self.lastStreamID) }
        self.lastStreamID = id
        switch self.phase {
        case .active: return .open
        case .draining: return .refuseDraining
        case .closing, .closed: return .drop
        }
    }

    /// Whether a frame for stream `id` names a stream the client opened (any other is a connection error).
    func wasOpened(_ id: StreamID) -> Bool {
        id <= self.lastStreamID
    }

    /// A stream's handler starts.
    mutating func streamStarted(now: ContinuousClock.Instant) {
        self.runningStreams += 1
        self.lastActivity = now
    }

    /// A stream's handler returned: a draining connection with no stream left closes; a closed one is finished.
    mutating func streamEnded(now: ContinuousClock.Instant) -> StreamEndAction {
        precondition(self.runningStreams > 0, "a stream ended that never started")
        self.runningStreams -= 1
        self.lastActivity = now
        if self.phase == .closed { return self.runningStreams == 0 ? .finish : .none }
        if case .close(let reason) = self.closeIfDrained() { return .close(reason: reason) }
        return .none
    }

    /// The server shuts down: GOAWAY once, then the connection closes when its last stream ended.
    mutating func beginDrain() -> DrainAction {
        guard self.phase == .active else { return .none }
        self.phase = .draining
        let thenClose = self.closeIfDrained() != .none
        return .sendGoAway(lastStreamID: self.lastStreamID, thenClose: thenClose)
    }

    /// Closes a connection that has run no stream for `timeout` (counted from its start or its last stream's end).
    mutating func closeIfIdle(timeout: Duration, now: ContinuousClock.Instant) -> CloseAction {
        guard self.phase == .active, self.runningStreams == 0, self.lastActivity + timeout <= now else { return .none }
        self.phase = .closing
        return .close(reason: "idle timeout")
    }

    /// A close was requested from outside the machine (a protocol error, the server stopping); `false` when one
    /// already was.
    mutating func close() -> Bool {
        switch self.phase {
        case .active, .draining:
            self.phase = .closing
            return true
        case .closing, .closed:
            return false
        }
    }

    /// The WebSocket is gone (either side closed it, or it failed); `true` when no stream runs: the connection is
    /// finished now (else when its last stream ends). `false` when it was closed already.
    mutating func closed() -> Bool {
        guard self.phase != .closed else { return false }
        self.phase = .closed
        return self.runningStreams == 0
    }

    private mutating func closeIfDrained() -> CloseAction {
        guard self.phase == .draining, self.runningStreams == 0 else { return .none }
        self.phase = .closing
        return .close(reason: "server is shutting down")
    }
}
