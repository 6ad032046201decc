import GRPCCore
import Logging
import NIOCore
import NIOWebSocket
import PoleStageWire
import Synchronization
import Testing

@testable import PoleStageWebSocketTransport

/// Where a ``ServerConnection`` under test writes: the frames and the close it sent, recorded, with no channel. Runs
/// the writer's drains inline.
final class RecordingSink: EventLoopMessageSink {
    private struct Recorded {
        var frames: [Frame] = []
        var close: (WebSocketErrorCode, String)?
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let recorded = Mutex(Recorded())

    func execute(_ body: @escaping @Sendable () -> Void) { body() }
    var isWritable: Bool { true }
    func whenWritable(_ body: @escaping @Sendable () -> Void) { body() }
    func flush() {}

    func write(_ message: ByteBuffer) throws {
        var frames = try FrameDecoder(maxMessageSize: 1 << 20, maxBatchSize: 1 << 20).frames(in: message)
        var decoded: [Frame] = []
        while let frame = try frames.next() { decoded.append(frame) }
        self.record { $0.frames += decoded }
    }

    func sendClose(_ code: WebSocketErrorCode, reason: String) {
        self.record { $0.close = (code, reason) }
    }

    private func record(_ change: (inout Recorded) -> Void) {
        let waiters = self.recorded.withLock { recorded in
            change(&recorded)
            defer { recorded.waiters.removeAll() }
            return recorded.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var frameTypes: [FrameType] { self.recorded.withLock { $0.frames.map(\.type) } }
    var frames: [Frame] { self.recorded.withLock { $0.frames } }
    var close: (code: WebSocketErrorCode, reason: String)? { self.recorded.withLock { $0.close } }

    /// Returns once a close frame was sent (no sleeping: woken by the write).
    func waitForClose() async {
        while self.close == nil {
            await withCheckedContinuation { continuation in
                let closed = self.recorded.withLock { recorded in
                    if recorded.close != nil { return true }
                    recorded.waiters.append(continuation)
                    return false
                }
                if closed { continuation.resume() }
            }
        }
    }
}

/// A flag set from a handler's task and read by the test.
final class Flag: Sendable {
    private let value = Mutex(false)
    func set() { self.value.withLock { $0 = true } }
    var isSet: Bool { self.value.withLock { $0 } }
}

extension CheckedContinuation where T == Void, E == Never {
    fileprivate func resume() { self.resume(returning: ()) }
}

@Suite("Server connection (no socket)")
struct ServerConnectionTests {
    /// A connection on `sink` whose opened streams go to `starts`, and which sets `finished` once done.
    static func connection(
        _ sink: RecordingSink,
        starts: AsyncStream<ServerConnection.Start>.Continuation? = nil,
        finished: Flag = Flag()
    ) -> ServerConnection {
        ServerConnection(
            outbound: sink,
            configuration: .init(pingInterval: nil, idleTimeout: nil),
            singleResponseMethods: [],
            peer: "test",
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
            startStream: { starts?.yield($0) },
            onFinished: { finished.set() }
        )
    }

    /// What the transport's `listen` does with a stream that opened: runs its handler, then tells the connection.
    static func run(_ start: ServerConnection.Start, handler: ServerConnection.StreamHandler) async {
        await start.connection.serve(
            start.stream,
            id: start.id,
            streamedResponse: start.streamedResponse,
            handler: handler
        )
        start.connection.streamReturned(start.id)
    }

    static func open(_ id: UInt32) -> ByteBuffer {
        var open = OpenStream()
        open.method = "/test.Service/Method"
        return FrameEncoder.encode(.open(StreamID(id), open))
    }

    @Test("the first frame is the server's SETTINGS")
    func settingsFirst() {
        let sink = RecordingSink()
        _ = Self.connection(sink)
        #expect(sink.frameTypes == [.settings])
    }

    @Test("an idle connection closes with 1001 'idle timeout'; one running a stream does not, however long")
    func idle() {
        let sink = RecordingSink()
        let connection = Self.connection(sink)
        let later = ContinuousClock.now + .seconds(60)
        #expect(connection.receive(Self.open(1)) == nil)
        connection.closeIfIdle(timeout: .seconds(10), now: later)
        #expect(sink.close == nil)
        #expect(connection.phase == .active)

        let idle = RecordingSink()
        Self.connection(idle).closeIfIdle(timeout: .seconds(10), now: later)
        #expect(idle.close?.code == .goingAway)
        #expect(idle.close?.reason == "idle timeout")
    }

    @Test(
        "drain: GOAWAY names the last stream, a new stream is refused with UNAVAILABLE, the close follows the last handler"
    )
    func drain() async throws {
        let sink = RecordingSink()
        let (starts, startsContinuation) = AsyncStream<ServerConnection.Start>.makeStream()
        let connection = Self.connection(sink, starts: startsContinuation)
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        let started = Flag()
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                for await start in starts {
                    await Self.run(start) { _, _ in
                        started.set()
                        for await _ in release {}
                    }
                }
            }
            #expect(connection.receive(Self.open(1)) == nil)
            connection.beginDrain()
            #expect(connection.phase == .draining)
            #expect(connection.receive(Self.open(3)) == nil)
            let frames = sink.frames
            #expect(frames.map(\.type) == [.settings, .goAway, .trailers])
            if case .goAway(let goAway) = frames[1] {
                #expect(goAway.lastStreamID == 1)
            }
            if case .trailers(let id, let trailers) = frames[2] {
                #expect(id == StreamID(3))
                #expect(trailers.code == UInt32(Status.Code.unavailable.rawValue))
                #expect(trailers.message == "The server is shutting down: open the stream on a new connection.")
            }
            #expect(sink.close == nil)
            releaseContinuation.finish()
            await sink.waitForClose()
            #expect(sink.close?.code == .goingAway)
            #expect(sink.close?.reason == "server is shutting down")
            #expect(started.isSet)
            startsContinuation.finish()
        }
    }

    @Test(
        "when the WebSocket closes, running RPCs are cancelled; the connection is finished once their handlers return"
    )
    func closeCancelsHandlers() async {
        let sink = RecordingSink()
        let (starts, startsContinuation) = AsyncStream<ServerConnection.Start>.makeStream()
        let finished = Flag()
        let connection = Self.connection(sink, starts: startsContinuation, finished: finished)
        let cancelled = Flag()
        await withDiscardingTaskGroup { group in
            group.addTask {
                for await start in starts {
                    await Self.run(start) { _, context in
                        // Waits until the RPC is cancelled: only the connection's close ends it.
                        let (never, continuation) = AsyncStream<Void>.makeStream()
                        await withRPCCancellationHandler {
                            for await _ in never {}
                        } onCancelRPC: {
                            continuation.finish()
                        }
                        if context.cancellation.isCancelled { cancelled.set() }
                    }
                }
            }
            #expect(connection.receive(Self.open(1)) == nil)
            #expect(!finished.isSet)
            connection.closed()
            startsContinuation.finish()
        }
        #expect(cancelled.isSet)
        #expect(finished.isSet)
        #expect(connection.phase == .closed)
    }

    @Test("a connection closed with no stream running is finished at once, and only once")
    func finishedAtOnce() {
        let finished = Flag()
        let connection = Self.connection(RecordingSink(), finished: finished)
        connection.closed()
        #expect(finished.isSet)
    }
}
