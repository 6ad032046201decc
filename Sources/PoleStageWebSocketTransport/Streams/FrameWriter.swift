import GRPCCore
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import PoleStageWire
import Synchronization

/// Writes the frames of one WebSocket from one task, ``run()``.
///
/// Streams queue their frames and go on; the writer task writes them in order. The frames queued while a
/// message is being written leave together as the next BATCH (`docs/protocol.md` §2, "Batches"), once the
/// peer's SETTINGS announced a `max_batch_size`: one message and one flush through hummingbird-websocket's
/// writer for what would have been many. Before that, and for a frame too large for a BATCH, each frame is a
/// message of its own.
///
/// A caller returns once its frame is queued, unless the queue holds more than ``highWaterMark`` bytes: then it
/// waits for the writer to catch up (its frame stays queued even if it is cancelled while waiting). Frames are
/// sent in the order they were queued. Once the writer ended (the WebSocket failed or closed), writes throw.
final class FrameWriter: Sendable {
    /// Bytes queued past which writers wait: the WebSocket's own backpressure reaches the streams through it.
    static let highWaterMark = 256 * 1024

    private struct State {
        var queue = CircularBuffer<ByteBuffer>(initialCapacity: 4)
        /// Bytes queued or being written.
        var pendingBytes = 0
        /// The peer's `max_batch_size`; 0 until its SETTINGS announce one.
        var peerMaxBatchSize = 0
        /// The writer task, parked until a frame or a close arrives.
        var parkedWriter: CheckedContinuation<Void, Never>?
        /// Callers waiting for ``pendingBytes`` to fall under the high-water mark.
        var waitingCallers: [UInt64: CheckedContinuation<Void, any Error>] = [:]
        var nextWaiterID: UInt64 = 0
        /// Set by ``close(_:reason:)``: the close frame to send once the queue is written.
        var closeRequest: (code: WebSocketErrorCode, reason: String)?
        /// Set by ``finish()``: end once the queue is written, without a close frame.
        var finishRequested = false
        /// Why writes are refused: the writer ended or a close was requested.
        var refusal: RPCError?
        /// The writer task ended: nothing queued will be written any more.
        var ended = false

        mutating func takeParkedWriter() -> CheckedContinuation<Void, Never>? {
            defer { self.parkedWriter = nil }
            return self.parkedWriter
        }
    }

    /// What the writer task does next.
    private enum Next {
        case write([ByteBuffer], frameBytes: Int)
        case close(WebSocketErrorCode, String)
        case end
        case park
    }

    let outbound: WebSocketOutboundWriter
    private let state = Mutex(State())

    init(outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
    }

    // MARK: Queuing

    func write(_ frame: Frame) async throws {
        try await self.enqueue(FrameEncoder.encode(frame))
    }

    /// Queues a MESSAGE frame; the header goes in the room the bytes reserve, the message is not copied.
    func writeMessage(_ bytes: WebSocketTransportBytes, streamID: StreamID, flags: FrameFlags = []) async throws {
        try await self.enqueue(bytes.messageFrame(streamID: streamID, flags: flags))
    }

    /// Closes the WebSocket with a close code and a reason the peer can show, after the frames already queued.
    /// Later writes throw. The first request wins.
    func close(_ code: WebSocketErrorCode, reason: String) async {
        let writer: CheckedContinuation<Void, Never>? = self.state.withLock { state in
            guard state.closeRequest == nil, !state.finishRequested else { return nil }
            state.closeRequest = (code, reason)
            state.refusal =
                state.refusal ?? RPCError(code: .unavailable, message: "The WebSocket connection is closing.")
            return state.takeParkedWriter()
        }
        writer?.resume()
    }

    /// Ends ``run()`` once the frames already queued are written, without a close frame (the WebSocket layer
    /// closes when the connection's handler returns). Later writes throw.
    func finish() {
        let writer: CheckedContinuation<Void, Never>? = self.state.withLock { state in
            state.finishRequested = true
            state.refusal = state.refusal ?? RPCError(code: .unavailable, message: "The WebSocket connection closed.")
            return state.takeParkedWriter()
        }
        writer?.resume()
    }

    /// From the peer's SETTINGS: the largest BATCH it accepts (0: none).
    func setPeerMaxBatchSize(_ size: Int) {
        self.state.withLock { $0.peerMaxBatchSize = size }
    }

    private func enqueue(_ frame: ByteBuffer) async throws {
        let (writer, mustWait): (CheckedContinuation<Void, Never>?, Bool) = try self.state.withLock { state in
            if let refusal = state.refusal { throw refusal }
            state.queue.append(frame)
            state.pendingBytes += frame.readableBytes
            return (state.takeParkedWriter(), state.pendingBytes > Self.highWaterMark)
        }
        writer?.resume()
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

    // MARK: The writer task

    /// Writes queued frames until ``close(_:reason:)`` or ``finish()`` and the queue is empty, or until a write
    /// fails. Runs once per connection, in the connection's task group.
    func run() async {
        let closed = RPCError(code: .unavailable, message: "The WebSocket connection closed.")
        while !Task.isCancelled {
            switch self.next() {
            case .park:
                await self.park()
            case .write(let messages, let frameBytes):
                do {
                    for message in messages {
                        try await self.outbound.write(.binary(message))
                    }
                } catch {
                    self.end(RPCError(code: .unavailable, message: "The WebSocket connection failed: \(error)"))
                    return
                }
                self.wrote(frameBytes)
            case .close(let code, let reason):
                try? await self.outbound.close(code, reason: reason)
                self.end(closed)
                return
            case .end:
                self.end(closed)
                return
            }
        }
        self.end(closed)
    }

    /// Waits for a frame, a close or the end; returns at once when the task is cancelled.
    private func park() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = self.state.withLock { state in
                    guard state.queue.isEmpty, state.closeRequest == nil, !state.finishRequested, !Task.isCancelled
                    else { return true }
                    state.parkedWriter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let writer = self.state.withLock { $0.takeParkedWriter() }
            writer?.resume()
        }
    }

    /// Takes what is queued, grouped into messages: lone frames, or BATCHes up to the peer's limit.
    private func next() -> Next {
        let (groups, frameBytes, next): ([[ByteBuffer]], Int, Next?) = self.state.withLock { state in
            guard !state.queue.isEmpty else {
                if let close = state.closeRequest { return ([], 0, .close(close.code, close.reason)) }
                return ([], 0, state.finishRequested ? .end : .park)
            }
            var frameBytes = 0
            var groups: [[ByteBuffer]] = []
            let limit = state.peerMaxBatchSize
            var group: [ByteBuffer] = []
            var groupSize = FrameEncoder.batchOverhead(entries: 0)
            while let frame = state.queue.popFirst() {
                frameBytes += frame.readableBytes
                let entrySize = frame.readableBytes + FrameEncoder.batchOverhead(entries: 1) - FrameHeader.size
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
        return .write(groups.map { $0.count == 1 ? $0[0] : FrameEncoder.batch($0) }, frameBytes: frameBytes)
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

    /// The writer ended: queued frames are dropped, waiting and later writes fail with `error`.
    private func end(_ error: RPCError) {
        let waiters: [CheckedContinuation<Void, any Error>] = self.state.withLock { state in
            state.refusal = state.refusal ?? error
            state.ended = true
            state.closeRequest = nil
            state.finishRequested = true
            state.queue.removeAll()
            state.pendingBytes = 0
            defer { state.waitingCallers.removeAll() }
            return Array(state.waitingCallers.values)
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
