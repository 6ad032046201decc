import GRPCCore
import PoleStageWire
import Synchronization

/// The open streams of one connection: their inbound queues, flow-control windows and credit waiters.
///
/// Shared by the reader (which delivers frames) and the streams' own tasks (which consume and send).
/// All state sits in one `Mutex`; continuations are resumed outside it. What each stream has sent and received is its
/// side's ``StreamState`` (``ServerStreamState`` for request parts, ``ClientStreamState`` for response parts).
final class StreamRegistry<Part: FlowControlledPart>: Sendable {
    struct Entry {
        var inbound: InboundQueue<Part>
        var send: SendWindow
        var receive: ReceiveWindow
        var creditWaiter: CheckedContinuation<Void, any Error>?
        var state = Part.State()
        /// Server only: cancels the handler's `ServerContext`.
        var cancellation: ServerContext.RPCCancellationHandle?
    }

    enum Delivery {
        case delivered
        case unknownStream
        case flowControlViolation
    }

    private struct State {
        var entries: [StreamID: Entry] = [:]
        var peerWindowSize: Int
        var closedError: RPCError?
        /// Credit requests are on (both sides announced them): credit goes back lazily.
        var lazyCredit = false

        /// Runs `body` on the entry of `id` where it is stored: no copy of the entry (its continuations would be
        /// retained and released) and no second lookup to store it back. `nil` when the stream is unknown.
        mutating func withEntry<R>(_ id: StreamID, _ body: (inout Entry) throws -> R) rethrows -> R? {
            guard let index = self.entries.index(forKey: id) else { return nil }
            return try body(&self.entries.values[index])
        }
    }

    private let state: Mutex<State>
    let receiveWindowSize: Int

    init(receiveWindowSize: Int, peerWindowSize: Int) {
        self.receiveWindowSize = receiveWindowSize
        self.state = Mutex(State(peerWindowSize: peerWindowSize))
    }

    var count: Int {
        self.state.withLock { $0.entries.count }
    }

    /// Streams this side has not finished yet (no TRAILERS, HALF_CLOSE or RESET sent, not reset): what
    /// a concurrency limit counts. A handler still returning after its TRAILERS no longer counts.
    var activeCount: Int {
        self.state.withLock { state in
            state.entries.values.reduce(0) { $0 + ($1.state.isWritable ? 1 : 0) }
        }
    }

    func contains(_ id: StreamID) -> Bool {
        self.state.withLock { $0.entries.index(forKey: id) != nil }
    }

    /// Bytes sent on `id` and not yet acknowledged by the peer.
    func outstandingBytes(_ id: StreamID) -> Int? {
        self.state.withLock { $0.withEntry(id) { $0.send.outstanding } }
    }

    /// Outstanding bytes of every open stream.
    var allOutstandingBytes: [Int] {
        self.state.withLock { $0.entries.values.map(\.send.outstanding) }
    }

    /// The peer's SETTINGS announced its window: applies to streams opened from now on.
    func setPeerWindowSize(_ size: Int) {
        self.state.withLock { $0.peerWindowSize = size }
    }

    /// Registers a new stream; throws the connection's error when it is closed.
    func open(_ id: StreamID, inbound: InboundQueue<Part>) throws(RPCError) {
        let error: RPCError? = self.state.withLock { state in
            if let error = state.closedError { return error }
            state.entries[id] = Entry(
                inbound: inbound,
                send: SendWindow(size: state.peerWindowSize),
                receive: ReceiveWindow(size: self.receiveWindowSize)
            )
            return nil
        }
        if let error { throw error }
    }

    /// Hands a received part to the stream's reader. `messageSize` is set for messages, which count
    /// against the receive window.
    func deliver(_ part: Part, to id: StreamID, messageSize: Int?) -> Delivery {
        let result: (InboundQueue<Part>?, Delivery) = self.state.withLock { state in
            state.withEntry(id) { entry in
                guard !entry.state.peerFinished else { return (nil, .unknownStream) }
                if let messageSize {
                    guard entry.receive.receive(messageSize) else { return (nil, .flowControlViolation) }
                }
                return (entry.inbound, .delivered)
            } ?? (nil, .unknownStream)
        }
        result.0?.deliver(part)
        return result.1
    }

    /// Client: hands a received message to the stream's reader, after `emptyHeaders` when no HEADERS came first (a
    /// server omits empty HEADERS before a MESSAGE): one look-up of the stream for both.
    func deliver(_ message: Part, size: Int, to id: StreamID, after emptyHeaders: Part) -> Delivery
    where Part.State == ClientStreamState {
        let result: (InboundQueue<Part>?, Bool, Delivery) = self.state.withLock { state in
            state.withEntry(id) { entry in
                let headersMissing = entry.state.headersReceived()
                guard !entry.state.peerFinished else { return (nil, false, .unknownStream) }
                guard entry.receive.receive(size) else { return (entry.inbound, headersMissing, .flowControlViolation) }
                return (entry.inbound, headersMissing, .delivered)
            } ?? (nil, false, .unknownStream)
        }
        guard let inbound = result.0 else { return result.2 }
        if result.1 { inbound.deliver(emptyHeaders) }
        if result.2 == .delivered { inbound.deliver(message) }
        return result.2
    }

    /// The peer sent its last part: the reader sees the end (or `error`) after what is queued.
    func finishInbound(_ id: StreamID, throwing error: (any Error)? = nil) {
        let inbound: InboundQueue<Part>? = self.state.withLock { state in
            state.withEntry(id) { entry in
                entry.state.peerFinishes()
                return entry.inbound
            }
        }
        inbound?.finish(throwing: error)
    }

    /// The reader consumed a message; returns the WINDOW_UPDATE increment to send, if any.
    func consumed(_ count: Int, on id: StreamID) -> UInt32? {
        self.state.withLock { state in
            let lazy = state.lazyCredit
            return state.withEntry(id) { entry in
                entry.receive.consume(count, peerFinished: entry.state.peerFinished, lazy: lazy)
            } ?? nil
        }
    }

    /// Client: both sides announced credit requests; credit goes back lazily from now on, on every stream.
    func enableLazyCredit() {
        self.state.withLock { $0.lazyCredit = true }
    }

    /// Client: the server asked for credit on `id` (CREDIT_REQUEST); returns the WINDOW_UPDATE increment to send
    /// now, if any. A request for a stream that ended is ignored.
    func creditRequested(on id: StreamID) -> UInt32? {
        self.state.withLock { state in
            state.withEntry(id) { entry in
                entry.receive.requestCredit(peerFinished: entry.state.peerFinished)
            } ?? nil
        }
    }

    /// Adds credit from the peer's WINDOW_UPDATE; `false` when the stream is unknown or the credit
    /// would exceed the window.
    func grant(_ increment: UInt32, to id: StreamID) -> Bool {
        let (waiter, ok): (CheckedContinuation<Void, any Error>?, Bool) = self.state.withLock { state in
            state.withEntry(id) { entry in
                guard entry.send.grant(Int(increment)) else { return (nil, false) }
                defer { entry.creditWaiter = nil }
                return (entry.creditWaiter, true)
            } ?? (nil, true)
        }
        waiter?.resume()
        return ok
    }

    /// Waits until `count` bytes may be sent on `id`, and takes that credit.
    ///
    /// - Parameter requests: Server: where a CREDIT_REQUEST for `id` is queued each time the sender starts waiting (at
    ///   first, and after a WINDOW_UPDATE that was not enough), when both sides announced credit requests.
    /// - Throws: The connection's error once it closed, `CancellationError` when the task is cancelled,
    ///   an ``RPCError`` with code `cancelled` when the stream was reset.
    func takeCredit(_ count: Int, on id: StreamID, askingCreditThrough requests: FrameWriter? = nil) async throws {
        while true {
            let ready: Bool = try self.state.withLock { state in
                if let error = state.closedError { throw error }
                guard let taken = state.withEntry(id, { $0.send.consume(count) }) else {
                    throw RPCError(code: .cancelled, message: "The stream was reset.")
                }
                return taken
            }
            if ready { return }
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
                    let immediate: Result<Void, any Error>? = self.state.withLock { state in
                        if Task.isCancelled { return .failure(CancellationError()) }
                        if let error = state.closedError { return .failure(error) }
                        let parked: Bool? = state.withEntry(id) { entry in
                            if entry.send.credit >= count || entry.send.credit == entry.send.size { return false }
                            entry.creditWaiter = waiter
                            return true
                        }
                        switch parked {
                        case nil: return .failure(RPCError(code: .cancelled, message: "The stream was reset."))
                        case false: return .success(())
                        case true: return nil
                        }
                    }
                    if let immediate {
                        waiter.resume(with: immediate)
                    } else {
                        requests?.queue(.creditRequest(id))
                    }
                }
            } onCancel: {
                let waiter = self.state.withLock { state -> CheckedContinuation<Void, any Error>? in
                    defer { state.entries[id]?.creditWaiter = nil }
                    return state.entries[id]?.creditWaiter
                }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }

    /// Server: takes credit for a message of `count` bytes on `id` when the stream is writable and the credit is
    /// there now, without waiting; held empty HEADERS are taken with it (the MESSAGE stands for them). `false`
    /// changes nothing.
    func takeCreditImmediately(_ count: Int, on id: StreamID) -> Bool where Part.State == ServerStreamState {
        self.state.withLock { state in
            guard state.closedError == nil else { return false }
            return state.withEntry(id) { entry in
                guard entry.state.isWritable, entry.send.consume(count) else { return false }
                entry.state.messageSent()
                return true
            } ?? false
        }
    }

    /// Gives back credit taken by ``takeCreditImmediately(_:on:)`` for a message that was not sent after all.
    func returnCredit(_ count: Int, on id: StreamID) {
        self.state.withLock { state in
            _ = state.withEntry(id) { _ = $0.send.grant(count) }
        }
    }

    /// Whether this side may still send on `id`: the stream is open, not reset, and not finished by us.
    func isWritable(_ id: StreamID) -> Bool {
        self.state.withLock { state in
            state.withEntry(id) { $0.state.isWritable } ?? false
        }
    }

    /// Marks this side's last part as sent; `false` when it was already, or the stream is gone or reset.
    func finishLocal(_ id: StreamID) -> Bool {
        self.state.withLock { state in
            state.withEntry(id) { $0.state.finishLocal() } ?? false
        }
    }

    /// Client: records that the OPEN of `id` was written.
    func markOpenSent(_ id: StreamID) where Part.State == ClientStreamState {
        self.state.withLock { _ = $0.withEntry(id) { $0.state.openWritten() } }
    }

    /// Client: whether the OPEN of `id` was written.
    func isOpenSent(_ id: StreamID) -> Bool where Part.State == ClientStreamState {
        self.state.withLock { $0.withEntry(id) { $0.state.openSent } ?? false }
    }

    /// Client: HEADERS (or what stands for them) arrived on `id`; `true` the first time.
    func headersReceived(_ id: StreamID) -> Bool where Part.State == ClientStreamState {
        self.state.withLock { $0.withEntry(id) { $0.state.headersReceived() } ?? false }
    }

    /// Server: the handler sent empty metadata on `id`, held until a MESSAGE or TRAILERS; `true` the first time.
    func holdHeaders(_ id: StreamID) -> Bool where Part.State == ServerStreamState {
        self.state.withLock { $0.withEntry(id) { $0.state.holdHeaders() } ?? false }
    }

    /// Server: takes back held empty HEADERS; `true` when some were held.
    func takeHeldHeaders(_ id: StreamID) -> Bool where Part.State == ServerStreamState {
        self.state.withLock { $0.withEntry(id) { $0.state.takeHeldHeaders() } ?? false }
    }

    /// The state of stream `id` (for tests and diagnostics); `nil` when it is not registered.
    func streamState(_ id: StreamID) -> Part.State? {
        self.state.withLock { $0.withEntry(id) { $0.state } }
    }

    /// Whether the peer may still send on `id` (it has not finished it).
    func isOpenOnPeerSide(_ id: StreamID) -> Bool {
        self.state.withLock { state in
            state.withEntry(id) { !$0.state.peerFinished } ?? false
        }
    }

    /// Marks this side finished even after a HALF_CLOSE, so that a RESET may follow; `false` when the
    /// stream is gone.
    func finishLocalForcibly(_ id: StreamID) -> Bool {
        self.state.withLock { state in
            state.withEntry(id) { $0.state.finishLocalForcibly() } != nil
        }
    }

    /// Server only: GRPCCore cancelled the RPC (its deadline passed). Unless the transport itself
    /// cancelled it, the handler's request stream ends with `error`.
    func rpcCancelled(_ id: StreamID, error: RPCError) {
        let inbound: InboundQueue<Part>? = self.state.withLock { state in
            state.withEntry(id) { entry in
                guard !entry.state.isReset else { return nil }
                entry.state.peerFinishes()
                return entry.inbound
            } ?? nil
        }
        inbound?.finish(throwing: error)
    }

    /// Server only: stores the handler's cancellation handle; `true` when the stream was already
    /// cancelled and the handle must be cancelled at once.
    func attach(_ handle: ServerContext.RPCCancellationHandle, to id: StreamID) -> Bool {
        self.state.withLock { state in
            state.withEntry(id) { entry in
                entry.cancellation = handle
                return entry.state.isReset
            } ?? true
        }
    }

    /// Removes a stream; its reader sees `error` (or the end), its credit waiter fails, its handler is
    /// cancelled when `cancelHandler` is set.
    @discardableResult
    func remove(_ id: StreamID, finishing error: (any Error)? = nil, cancelHandler: Bool = false) -> Bool {
        guard let entry = self.state.withLock({ $0.entries.removeValue(forKey: id) }) else { return false }
        Self.tearDown(entry, error: error, cancelHandler: cancelHandler)
        return true
    }

    /// Cancels a stream's handler and reader but keeps it registered until its handler returns.
    func cancel(_ id: StreamID, error: any Error) {
        let entry: Entry? = self.state.withLock { state in
            guard var entry = state.entries[id] else { return nil }
            entry.state.reset()
            let copy = entry
            entry.creditWaiter = nil
            state.entries[id] = entry
            return copy
        }
        if let entry { Self.tearDown(entry, error: error, cancelHandler: true) }
    }

    /// Closes the connection: every stream's reader and credit waiter fails with `error`, every
    /// handler is cancelled, and no stream opens any more.
    func closeAll(_ error: RPCError) {
        let entries = self.state.withLock { state in
            if state.closedError == nil { state.closedError = error }
            defer { state.entries.removeAll() }
            return Array(state.entries.values)
        }
        for entry in entries {
            Self.tearDown(entry, error: error, cancelHandler: true)
        }
    }

    private static func tearDown(_ entry: Entry, error: (any Error)?, cancelHandler: Bool) {
        entry.inbound.finish(throwing: error)
        entry.creditWaiter?.resume(throwing: error ?? RPCError(code: .cancelled, message: "The stream was reset."))
        if cancelHandler {
            entry.cancellation?.cancel()
        }
    }
}
