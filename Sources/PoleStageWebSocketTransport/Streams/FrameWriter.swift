import GRPCCore
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import PoleStageWire
import Synchronization

/// Writes the frames of one WebSocket, in the order they were queued, from one task at a time.
///
/// Streams queue their frames and go on. When frames arrive and no write is under way, a drain starts; it writes
/// until the queue is empty, then ends, so that an idle connection holds no task for writing. On the server the drain
/// runs on the channel's event loop and flushes once at its end; on the client, whose hummingbird-websocket writer is
/// asynchronous, the connection's own task runs the drains (``runDrains()``), woken when there is work. The frames
/// queued while a message is being written leave together as the next BATCH (`docs/protocol.md` §2, "Batches"),
/// once the peer's SETTINGS announced a `max_batch_size`: one message and one flush through hummingbird-websocket's
/// writer for what would have been many. Before that, and for a frame too large for a BATCH, each frame is a
/// message of its own.
///
/// A caller returns once its frame is queued, unless the queue holds more than ``highWaterMark`` bytes: then it
/// waits for the writer to catch up (its frame stays queued even if it is cancelled while waiting). Once the writer
/// ended (the WebSocket failed, closed, or ``finish()`` was called), writes throw.
final class FrameWriter: Sendable {
    /// Bytes queued past which writers wait: the WebSocket's own backpressure reaches the streams through it.
    static let highWaterMark = 256 * 1024

    private struct State {
        var queue = CircularBuffer<OutboundFrame>(initialCapacity: 4)
        /// Bytes queued or being written.
        var pendingBytes = 0
        /// The peer's `max_batch_size`; 0 until its SETTINGS announce one.
        var peerMaxBatchSize = 0
        /// A drain task is writing.
        var draining = false
        /// Callers waiting for ``pendingBytes`` to fall under the high-water mark.
        var waitingCallers: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextWaiterID: UInt64 = 0
        /// Set by ``close(_:reason:)``: the close frame to send once the queue is written.
        var closeRequest: (code: WebSocketErrorCode, reason: String)?
        /// Set by ``finish()``: end once the queue is written, without a close frame.
        var finishRequested = false
        /// Why writes are refused: the writer ended, or a close or the end was requested.
        var refusal: RPCError?
        /// Nothing queued will be written any more.
        var ended = false
        /// Callers of ``waitUntilEnded()``.
        var endWaiters: [CheckedContinuation<Void, Never>] = []

        var hasWork: Bool {
            !self.queue.isEmpty || self.closeRequest != nil || self.finishRequested
        }

        /// Queues a frame; `true` when a drain task must start for it.
        mutating func append(_ frame: OutboundFrame) -> Bool {
            self.queue.append(frame)
            self.pendingBytes += frame.size
            return self.startDraining()
        }

        /// Whether a drain task must start now; marks it started.
        mutating func startDraining() -> Bool {
            guard !self.draining, !self.ended, self.hasWork else { return false }
            self.draining = true
            return true
        }
    }

    /// What the drain task does next.
    private enum Next {
        case write([ByteBuffer], frameBytes: Int)
        case close(WebSocketErrorCode, String)
        case end
        case idle
    }

    /// Where the messages go, and how the queue drains.
    enum Outbound: Sendable {
        /// A drain task writes to an asynchronous writer (the client).
        case task(any WebSocketMessageSink)
        /// The queue drains on the channel's event loop, without a task (the server).
        case eventLoop(any EventLoopMessageSink)
    }

    let outbound: Outbound
    private let state = Mutex(State())
    /// Client: wakes ``runDrains()`` when a drain must start (at most one wake-up pending).
    private let drainRequests: AsyncStream<Void>
    private let drainRequestsContinuation: AsyncStream<Void>.Continuation

    init(outbound: some WebSocketMessageSink) {
        self.outbound = .task(outbound)
        (self.drainRequests, self.drainRequestsContinuation) = AsyncStream.makeStream(
            bufferingPolicy: .bufferingNewest(1)
        )
    }

    init(channel: some EventLoopMessageSink) {
        self.outbound = .eventLoop(channel)
        (self.drainRequests, self.drainRequestsContinuation) = AsyncStream.makeStream(
            bufferingPolicy: .bufferingNewest(1)
        )
    }

    // MARK: Queuing

    func write(_ frame: Frame) async throws {
        try await self.enqueue(FrameEncoder.encode(frame))
    }

    /// Queues a MESSAGE frame; the header goes in the room the bytes reserve, the message is not copied.
    func writeMessage(_ bytes: WebSocketTransportBytes, streamID: StreamID, flags: FrameFlags = []) async throws {
        try await self.enqueue(bytes.messageFrame(streamID: streamID, flags: flags))
    }

    /// Queues a MESSAGE frame when that needs no waiting: `false`, with nothing queued, when writes are refused or
    /// the frame would take the queue past ``highWaterMark``. The body is not copied until the frame is written.
    func writeMessageImmediately(_ body: [UInt8], streamID: StreamID) -> Bool {
        let frame = OutboundFrame.sharedMessage(FrameHeader(type: .message, streamID: streamID), body: body)
        let (queued, start) = self.state.withLock { state -> (Bool, Bool) in
            guard state.refusal == nil, state.pendingBytes + frame.size <= Self.highWaterMark else {
                return (false, false)
            }
            return (true, state.append(frame))
        }
        if start { self.spawnDrain() }
        return queued
    }

    /// Queues a control frame from code that cannot wait (SETTINGS, GOAWAY): no backpressure, and nothing happens
    /// when writes are already refused.
    func queue(_ frame: Frame) {
        let start = self.state.withLock { state in
            state.refusal == nil && state.append(.encoded(FrameEncoder.encode(frame)))
        }
        if start { self.spawnDrain() }
    }

    /// Closes the WebSocket with a close code and a reason the peer can show, after the frames already queued.
    /// Later writes throw. The first request wins; after ``finish()`` it does nothing.
    func close(_ code: WebSocketErrorCode, reason: String) {
        let start = self.state.withLock { state in
            guard state.closeRequest == nil, !state.finishRequested, !state.ended else { return false }
            state.closeRequest = (code, reason)
            state.refusal =
                state.refusal ?? RPCError(code: .unavailable, message: "The WebSocket connection is closing.")
            return state.startDraining()
        }
        if start { self.spawnDrain() }
    }

    /// Ends the writer once the frames already queued are written, without a close frame (the WebSocket layer
    /// closes when the connection's handler returns). Later writes throw.
    func finish() {
        let start = self.state.withLock { state in
            state.finishRequested = true
            state.refusal = state.refusal ?? RPCError(code: .unavailable, message: "The WebSocket connection closed.")
            return state.startDraining()
        }
        if start { self.spawnDrain() }
    }

    /// Runs a connection's read loop, `body`, then ends the writer. When `body` returns, this returns once what was
    /// queued by then has been written (or could not be); when it throws (the WebSocket failed), at once: nothing
    /// queued can be written any more.
    func serving(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            self.finish()
            throw error
        }
        self.finish()
        await self.waitUntilEnded()
    }

    /// Returns once everything queued before ``finish()`` or ``close(_:reason:)`` was written (or could not be).
    private func waitUntilEnded() async {
        await withCheckedContinuation { continuation in
            let ended = self.state.withLock { state in
                guard !state.ended else { return true }
                state.endWaiters.append(continuation)
                return false
            }
            if ended { continuation.resume() }
        }
    }

    /// From the peer's SETTINGS: the largest BATCH it accepts (0: none).
    func setPeerMaxBatchSize(_ size: Int) {
        self.state.withLock { $0.peerMaxBatchSize = size }
    }

    private func enqueue(_ frame: ByteBuffer) async throws {
        let (start, mustWait) = try self.state.withLock { state in
            if let refusal = state.refusal { throw refusal }
            return (state.append(.encoded(frame)), state.pendingBytes > Self.highWaterMark)
        }
        if start { self.spawnDrain() }
        if mustWait { try await self.waitForRoom() }
    }

    private func waitForRoom() async throws {
        let id = self.state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let result: Result<Void, any Error>? = self.state.withLock { state in
                    if state.ended, let refusal = state.refusal { return .failure(refusal) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    guard state.pendingBytes > Self.highWaterMark else { return .success(()) }
                    state.waitingCallers[id] = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let waiter = self.state.withLock { $0.waitingCallers.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    // MARK: Draining

    /// Starts writing what is queued: on the channel's event loop, or in the connection's task that runs
    /// ``runDrains()`` (not in the stream whose frame started it: no stream's cancellation or task-local values reach
    /// the writes).
    private func spawnDrain() {
        switch self.outbound {
        case .eventLoop(let sink): sink.execute { self.drain(sink) }
        case .task: self.drainRequestsContinuation.yield()
        }
    }

    /// Client: writes what is queued each time there is something, until the writer ended. Run by the connection's
    /// task beside its read loop; when that task is cancelled, the writer ends at once (what is queued is dropped).
    func runDrains() async {
        guard case .task(let sink) = self.outbound else { return }
        for await _ in self.drainRequests {
            await self.drain(sink)
        }
        self.end(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
    }

    /// On the event loop: writes until the queue is empty, then flushes once; while the channel takes no more, waits
    /// for it to (the drain is still under way: frames queued meanwhile wait for it).
    private func drain(_ sink: any EventLoopMessageSink) {
        while true {
            guard sink.isWritable else {
                // The flush may make room at once (its writability event then came before any waiter).
                sink.flush()
                if sink.isWritable { continue }
                sink.whenWritable { self.drain(sink) }
                return
            }
            switch self.next() {
            case .idle:
                sink.flush()
                return
            case .write(let messages, let frameBytes):
                do {
                    for message in messages { try sink.write(message) }
                } catch {
                    sink.flush()
                    self.end(RPCError(code: .unavailable, message: "The WebSocket connection failed: \(error)"))
                    return
                }
                self.wrote(frameBytes)
            case .close(let code, let reason):
                sink.sendClose(code, reason: reason)
                self.end(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
                return
            case .end:
                sink.flush()
                self.end(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
                return
            }
        }
    }

    /// Writes until the queue is empty (then the task ends), a close or the end was written, or a write failed.
    private func drain(_ sink: any WebSocketMessageSink) async {
        let closed = RPCError(code: .unavailable, message: "The WebSocket connection closed.")
        while true {
            switch self.next() {
            case .idle:
                return
            case .write(let messages, let frameBytes):
                do {
                    for message in messages {
                        try await sink.writeBinary(message)
                    }
                } catch {
                    self.end(RPCError(code: .unavailable, message: "The WebSocket connection failed: \(error)"))
                    return
                }
                self.wrote(frameBytes)
            case .close(let code, let reason):
                try? await sink.sendClose(code, reason: reason)
                self.end(closed)
                return
            case .end:
                self.end(closed)
                return
            }
        }
    }

    /// Takes what is queued, grouped into messages: lone frames, or BATCHes up to the peer's limit.
    private func next() -> Next {
        let (groups, frameBytes, next): ([[OutboundFrame]], Int, Next?) = self.state.withLock { state in
            guard !state.queue.isEmpty else {
                if let close = state.closeRequest { return ([], 0, .close(close.code, close.reason)) }
                if state.finishRequested { return ([], 0, .end) }
                state.draining = false
                return ([], 0, .idle)
            }
            var frameBytes = 0
            var groups: [[OutboundFrame]] = []
            let limit = state.peerMaxBatchSize
            var group: [OutboundFrame] = []
            var groupSize = FrameEncoder.batchOverhead(entries: 0)
            while let frame = state.queue.popFirst() {
                frameBytes += frame.size
                let entrySize = frame.size + FrameEncoder.batchOverhead(entries: 1) - FrameHeader.size
                if !group.isEmpty, groupSize + entrySize > limit {
                    groups.append(group)
                    group = []
                    groupSize = FrameEncoder.batchOverhead(entries: 0)
                }
                group.append(frame)
                groupSize += entrySize
            }
            groups.append(group)
            return (groups, frameBytes, nil)
        }
        if let next { return next }
        // Encoding the BATCHes copies the frames: done outside the lock.
        return .write(groups.map { $0.count == 1 ? $0[0].bytes() : FrameEncoder.batch($0) }, frameBytes: frameBytes)
    }

    /// Frames of `frameBytes` bytes were written: they no longer count, and callers waiting for room may go on.
    private func wrote(_ frameBytes: Int) {
        let waiters: [CheckedContinuation<Void, any Error>] = self.state.withLock { state in
            state.pendingBytes -= frameBytes
            guard state.pendingBytes <= Self.highWaterMark, !state.waitingCallers.isEmpty else { return [] }
            defer { state.waitingCallers.removeAll() }
            return Array(state.waitingCallers.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The WebSocket is gone: what is queued is dropped, waiting and later writes fail with `error`.
    func abort(_ error: RPCError) {
        self.end(error)
    }

    /// The writer ended: queued frames are dropped, waiting and later writes fail with `error`.
    private func end(_ error: RPCError) {
        let (waiters, endWaiters) = self.state.withLock { state in
            state.refusal = state.refusal ?? error
            state.ended = true
            state.draining = false
            state.closeRequest = nil
            state.finishRequested = true
            state.queue.removeAll()
            state.pendingBytes = 0
            defer {
                state.waitingCallers.removeAll()
                state.endWaiters.removeAll()
            }
            return (Array(state.waitingCallers.values), state.endWaiters)
        }
        self.drainRequestsContinuation.finish()
        for waiter in waiters { waiter.resume(throwing: error) }
        for waiter in endWaiters { waiter.resume() }
    }
}
