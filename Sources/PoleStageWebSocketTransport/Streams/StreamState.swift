/// One stream's state on one side of a connection: what ``StreamRegistry`` asks of it on both sides. Each side has its
/// own type (``ServerStreamState``, ``ClientStreamState``): the same event means different things on each (HEADERS
/// are received by a client, held or sent by a server).
protocol StreamState: Sendable {
    /// A stream just opened.
    init()
    /// The peer sent its last part (HALF_CLOSE, TRAILERS, a MESSAGE with END_STREAM, RESET), or the stream was reset.
    var peerFinished: Bool { get }
    /// This side sent its last part (TRAILERS, HALF_CLOSE, RESET).
    var localFinished: Bool { get }
    /// The stream was reset (by the peer, or failed by the transport): nothing more goes either way.
    var isReset: Bool { get }
    /// The peer sent its last part.
    mutating func peerFinishes()
    /// This side sends its last part; `false` when it already did or the stream was reset.
    mutating func finishLocal() -> Bool
    /// This side ends the stream even after its last part, so that a RESET may follow.
    mutating func finishLocalForcibly()
    /// The stream is reset: both directions end.
    mutating func reset()
}

extension StreamState {
    /// Whether this side may still send: not finished by us, not reset.
    var isWritable: Bool { !self.localFinished && !self.isReset }
}

/// The server's view of one stream: the client's request and the server's response.
struct ServerStreamState: StreamState, Equatable {
    enum Request: Equatable {
        case open
        case finished
    }

    enum Response: Equatable {
        /// Nothing sent yet.
        case idle
        /// The handler sent empty metadata: HEADERS are held, as a first MESSAGE stands for them (docs/protocol.md).
        case headersHeld
        /// HEADERS or a MESSAGE went.
        case started
        /// TRAILERS went.
        case finished
    }

    private(set) var request = Request.open
    private(set) var response = Response.idle
    private(set) var isReset = false

    init() {}

    var peerFinished: Bool { self.request == .finished }
    var localFinished: Bool { self.response == .finished }

    mutating func peerFinishes() {
        self.request = .finished
    }

    mutating func finishLocal() -> Bool {
        guard self.isWritable else { return false }
        self.response = .finished
        return true
    }

    mutating func finishLocalForcibly() {
        self.response = .finished
    }

    mutating func reset() {
        self.isReset = true
        self.request = .finished
    }

    /// The handler sent empty metadata: held; `true` the first time.
    mutating func holdHeaders() -> Bool {
        guard self.response == .idle else { return false }
        self.response = .headersHeld
        return true
    }

    /// Takes back held HEADERS (a MESSAGE or TRAILERS goes now); `true` when some were held.
    mutating func takeHeldHeaders() -> Bool {
        guard self.response == .headersHeld else { return false }
        self.response = .started
        return true
    }

    /// A response MESSAGE goes: it stands for held HEADERS.
    mutating func messageSent() {
        if self.response == .idle || self.response == .headersHeld { self.response = .started }
    }
}

/// The client's view of one stream: its request and the server's response.
struct ClientStreamState: StreamState, Equatable {
    enum Request: Equatable {
        /// The OPEN has not been written: the server does not know the stream.
        case pending
        /// The OPEN went.
        case open
        /// This side sent its last part; `openSent` says whether the server knows the stream.
        case finished(openSent: Bool)
    }

    enum Response: Equatable {
        /// Nothing received yet.
        case awaitingHeaders
        /// HEADERS (or a MESSAGE standing for empty ones) arrived.
        case receiving
        /// TRAILERS or RESET arrived, or the stream was reset.
        case finished
    }

    private(set) var request = Request.pending
    private(set) var response = Response.awaitingHeaders
    private(set) var isReset = false

    init() {}

    var peerFinished: Bool { self.response == .finished }

    var localFinished: Bool {
        if case .finished = self.request { return true }
        return false
    }

    /// Whether the OPEN of this stream was written.
    var openSent: Bool {
        switch self.request {
        case .pending: false
        case .open: true
        case .finished(let openSent): openSent
        }
    }

    mutating func peerFinishes() {
        self.response = .finished
    }

    mutating func finishLocal() -> Bool {
        guard self.isWritable else { return false }
        self.request = .finished(openSent: self.openSent)
        return true
    }

    mutating func finishLocalForcibly() {
        self.request = .finished(openSent: self.openSent)
    }

    mutating func reset() {
        self.isReset = true
        self.response = .finished
    }

    /// The OPEN was written.
    mutating func openWritten() {
        switch self.request {
        case .pending: self.request = .open
        case .open: break
        case .finished: self.request = .finished(openSent: true)
        }
    }

    /// HEADERS (or what stands for them) arrived; `true` the first time, when no HEADERS came before.
    mutating func headersReceived() -> Bool {
        guard self.response == .awaitingHeaders else { return false }
        self.response = .receiving
        return true
    }
}
