import FoundationEssentials
import GRPCCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import PoleStageWire
import Synchronization

/// One client's WebSocket on the server: decodes its messages, runs one handler per stream, writes responses.
///
/// The connection holds no task while it is idle: ``WebSocketConnectionHandler`` hands it each WebSocket message on
/// the channel's event loop, and it decodes and dispatches the frames there, without waiting. Each stream's handler
/// runs in a task of its own, which the connection cancels when the WebSocket closes. Once the WebSocket closed and
/// every handler returned, the connection calls `onFinished`.
final class ServerConnection: Sendable {
    typealias Part = RPCRequestPart<WebSocketTransportBytes>
    typealias StreamHandler =
        @Sendable (RPCStream<ServerTransportInbound, ServerTransportOutbound>, ServerContext) async -> Void

    /// Why the connection must close.
    enum Ending: Equatable {
        case close(WebSocketErrorCode, String)
    }

    private struct State {
        var lastStreamID = StreamID.connection
        var draining = false
        var closing = false
        /// The WebSocket closed: no more messages arrive, no handler starts.
        var closed = false
        var peerMaxMessageSize: Int
        var lastActivity = ContinuousClock.now
        /// Both sides announced credit requests: a stream waiting for credit asks the client for it.
        var requestsCredit = false
        /// The tasks running stream handlers that have not returned, by stream.
        var handlers: [StreamID: Task<Void, Never>] = [:]
        /// `onFinished` was called.
        var finished = false
        /// The client's SETTINGS arrived: a second one is a connection error.
        var settingsReceived = false
    }

    let writer: FrameWriter
    let configuration: WebSocketTransportConfiguration
    let streams: StreamRegistry<Part>
    let logger: Logger
    let peer: String
    /// Paths of the methods whose single response message travels inline in TRAILERS.
    let singleResponseMethods: Set<String>
    private let decoder: FrameDecoder
    private let state: Mutex<State>
    /// The server's stream handler, once it listens (`nil` when it shut down first).
    private let streamHandler: @Sendable () async -> StreamHandler?
    /// Called once, when the WebSocket closed and every handler returned.
    private let onFinished: @Sendable () -> Void

    init(
        outbound: some EventLoopMessageSink,
        configuration: WebSocketTransportConfiguration,
        singleResponseMethods: Set<String>,
        peer: String,
        logger: Logger,
        streamHandler: @escaping @Sendable () async -> StreamHandler?,
        onFinished: @escaping @Sendable () -> Void
    ) {
        self.singleResponseMethods = singleResponseMethods
        self.writer = FrameWriter(channel: outbound)
        self.configuration = configuration
        // Until the client's SETTINGS arrive, the protocol's defaults apply to it (docs/protocol.md).
        self.streams = StreamRegistry(
            receiveWindowSize: configuration.initialWindowSize,
            peerWindowSize: WebSocketTransport.defaultWindowSize
        )
        self.decoder = FrameDecoder(
            maxMessageSize: configuration.maxMessageSize,
            maxBatchSize: configuration.maxBatchSize
        )
        self.peer = peer
        self.logger = logger
        self.streamHandler = streamHandler
        self.onFinished = onFinished
        self.state = Mutex(State(peerMaxMessageSize: WebSocketTransport.defaultMaxMessageSize))
        // The first frame, queued before anything else can be (a GOAWAY from a shutdown that begins at once).
        self.writer.queue(.settings(self.settings))
    }

    /// The SETTINGS frame this server sends first.
    var settings: Settings {
        var settings = Settings()
        settings.version = WebSocketTransport.protocolVersion
        settings.maxMessageSize = UInt32(clamping: self.configuration.maxMessageSize)
        settings.maxConcurrentStreams = UInt32(clamping: self.configuration.maxConcurrentStreams)
        settings.initialWindowSize = UInt32(clamping: self.configuration.initialWindowSize)
        settings.maxBatchSize = UInt32(clamping: self.configuration.maxBatchSize)
        settings.creditRequests = self.configuration.creditRequests
        return settings
    }

    /// Closes the WebSocket with `code` and `reason` after what is queued: every stream ends with UNAVAILABLE.
    func end(_ code: WebSocketErrorCode, reason: String) {
        self.logger.debug("Closing WebSocket", metadata: ["ws.close.code": "\(code)", "ws.close.reason": "\(reason)"])
        self.endStreams()
        self.writer.close(code, reason: reason)
    }

    /// The WebSocket closed (either side) or failed: every stream ends with UNAVAILABLE, its handler is cancelled,
    /// and nothing more is written.
    func closed() {
        let finished = self.state.withLock { state in
            state.closed = true
            return self.takeFinished(&state)
        }
        self.endStreams()
        self.writer.abort(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
        if finished { self.onFinished() }
    }

    private func endStreams() {
        let handlers = self.state.withLock { state in
            state.closing = true
            return Array(state.handlers.values)
        }
        self.streams.closeAll(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
        for handler in handlers { handler.cancel() }
    }

    /// Whether the connection is finished now (closed, no handler running), marking it so once.
    private func takeFinished(_ state: inout State) -> Bool {
        guard state.closed, state.handlers.isEmpty, !state.finished else { return false }
        state.finished = true
        return true
    }

    /// Asks the connection to drain: GOAWAY, refuse new streams, close once the last stream ended.
    func beginDrain() {
        let lastStreamID: StreamID? = self.state.withLock { state in
            guard !state.draining else { return nil }
            state.draining = true
            return state.lastStreamID
        }
        guard let lastStreamID else { return }
        var goAway = GoAway()
        goAway.lastStreamID = lastStreamID.rawValue
        goAway.code = UInt32(Status.Code.unavailable.rawValue)
        goAway.message = "The server is shutting down."
        self.writer.queue(.goAway(goAway))
        self.closeIfDrained()
    }

    /// Closes the connection (1001, "idle timeout") when it has had no open stream for `timeout`, counted from its
    /// start or its last stream's open or end. The server's transport calls it for every connection, a few times per
    /// timeout (``WebSocketTransport/Server``): no connection holds a timer of its own.
    func closeIfIdle(timeout: Duration, now: ContinuousClock.Instant = .now) {
        let idle = self.state.withLock { state in
            guard !state.closing, self.streams.count == 0, state.lastActivity + timeout <= now else { return false }
            state.closing = true
            return true
        }
        if idle {
            self.logger.debug("Closing idle WebSocket")
            self.writer.close(.goingAway, reason: "idle timeout")
        }
    }

    private func closeIfDrained() {
        let drained = self.state.withLock { state in
            guard state.draining, !state.closing, self.streams.count == 0 else { return false }
            state.closing = true
            return true
        }
        if drained {
            self.writer.close(.goingAway, reason: "server is shutting down")
        }
    }

    private func touch() {
        self.state.withLock { $0.lastActivity = .now }
    }
}

// MARK: - Reading

extension ServerConnection {
    /// Handles one binary WebSocket message, on the channel's event loop; returns an ending when the connection must
    /// close.
    func receive(_ message: ByteBuffer) -> Ending? {
        var frames: MessageFrames
        do {
            frames = try self.decoder.frames(in: message)
        } catch {
            return .close(.protocolError, error.description)
        }
        while true {
            let frame: Frame
            do {
                guard let next = try frames.next() else { return nil }
                frame = next
            } catch FrameError.messageTooLarge(let id, let size, let limit) {
                if let ending = self.messageTooLarge(on: id, size: size, limit: limit) { return ending }
                continue
            } catch {
                return .close(.protocolError, error.description)
            }
            if let ending = self.handle(frame) { return ending }
        }
    }

    /// Handles one frame; returns an ending when the connection must close.
    private func handle(_ frame: Frame) -> Ending? {
        // SETTINGS is sent at most once (docs/protocol.md §4); a client that sends none is served with the defaults.
        if case .settings = frame {
            let again = self.state.withLock { state in
                defer { state.settingsReceived = true }
                return state.settingsReceived
            }
            if again {
                return .close(.protocolError, "SETTINGS frame received twice: it is sent once, as the first frame")
            }
        }
        switch frame {
        case .settings(let settings):
            return self.apply(settings)

        case .open(let id, let open):
            return self.open(id, open)

        case .message(let id, let bytes, let flags):
            if let ending = self.checkOpened(id, frame.type) { return ending }
            let size = bytes.readableBytes
            switch self.streams.deliver(.message(WebSocketTransportBytes(bytes)), to: id, messageSize: size) {
            case .delivered:
                if flags.contains(.endStream) { self.streams.finishInbound(id) }
            case .unknownStream:
                break  // The stream ended; frames already in flight are dropped (docs/protocol.md).
            case .flowControlViolation:
                let error = RPCError(
                    code: .resourceExhausted,
                    message: "flow-control window of \(self.configuration.initialWindowSize) bytes exceeded"
                )
                self.fail(id, with: error)
            }
            return nil

        case .halfClose(let id):
            if let ending = self.checkOpened(id, frame.type) { return ending }
            self.streams.finishInbound(id)
            return nil

        case .reset(let id, let reset):
            if let ending = self.checkOpened(id, frame.type) { return ending }
            self.streams.cancel(id, error: reset.rpcError)
            return nil

        case .windowUpdate(let id, let increment):
            if let ending = self.checkOpened(id, frame.type) { return ending }
            guard self.streams.grant(increment, to: id) else {
                return .close(.protocolError, "WINDOW_UPDATE on stream \(id) exceeds the window")
            }
            return nil

        case .headers, .trailers, .goAway, .creditRequest:
            return .close(.protocolError, "\(frame.type) frames are sent by servers only")
        }
    }

    private func apply(_ settings: Settings) -> Ending? {
        guard settings.version == WebSocketTransport.protocolVersion else {
            return .close(.protocolError, "unsupported protocol version \(settings.version), this server speaks 1")
        }
        if settings.initialWindowSize > 0 {
            self.streams.setPeerWindowSize(Int(settings.initialWindowSize))
        }
        self.state.withLock { state in
            if settings.maxMessageSize > 0 { state.peerMaxMessageSize = Int(settings.maxMessageSize) }
            state.requestsCredit = settings.creditRequests && self.configuration.creditRequests
        }
        self.writer.setPeerMaxBatchSize(Int(settings.maxBatchSize))
        return nil
    }

    /// A frame for a stream id the client never opened is a connection error.
    private func checkOpened(_ id: StreamID, _ type: FrameType) -> Ending? {
        let lastStreamID = self.state.withLock { $0.lastStreamID }
        guard id <= lastStreamID else {
            return .close(.protocolError, "\(type) frame for stream \(id), which was never opened")
        }
        return nil
    }

    private func messageTooLarge(on id: StreamID, size: Int, limit: Int) -> Ending? {
        if let ending = self.checkOpened(id, .message) { return ending }
        let error = RPCError(
            code: .resourceExhausted,
            message: "message of \(size) bytes exceeds the limit of \(limit) bytes"
        )
        self.fail(id, with: error)
        return nil
    }

    /// Ends a stream from the transport's side: TRAILERS with the error, handler cancelled.
    private func fail(_ id: StreamID, with error: RPCError) {
        guard self.streams.finishLocal(id) else { return }
        self.logger.debug("Stream failed", metadata: ["rpc.stream": "\(id)", "rpc.code": "\(error.code)"])
        self.streams.cancel(id, error: error)
        self.writer.queue(.trailers(id, Trailers(error: error)))
    }

    private func open(_ id: StreamID, _ open: OpenStream) -> Ending? {
        let (previous, draining) = self.state.withLock { state in
            defer { if id > state.lastStreamID { state.lastStreamID = id } }
            return (state.lastStreamID, state.draining)
        }
        guard id > previous else {
            return .close(
                .protocolError,
                "OPEN frame for stream \(id): stream ids must increase, the last was \(previous)"
            )
        }
        let refusal: RPCError?
        let descriptor = MethodDescriptor(path: open.method)
        let metadata = Result { () throws(MetadataViolation) in try Metadata(wireEntries: open.metadata) }
        if draining {
            refusal = RPCError(
                code: .unavailable,
                message: "The server is shutting down: open the stream on a new connection."
            )
        } else if descriptor == nil {
            refusal = RPCError(
                code: .unimplemented,
                message: "Malformed method path '\(open.method)': expected /package.Service/Method."
            )
        } else if case .failure(let violation) = metadata {
            refusal = RPCError(code: .invalidArgument, message: violation.description)
        } else if self.streams.activeCount >= self.configuration.maxConcurrentStreams {
            refusal = RPCError(
                code: .resourceExhausted,
                message: "Too many concurrent streams: the limit is \(self.configuration.maxConcurrentStreams)."
            )
        } else {
            refusal = nil
        }
        if let refusal {
            self.writer.queue(.trailers(id, Trailers(error: refusal)))
            return nil
        }
        // With no refusal, the path and the metadata are valid.
        guard let method = descriptor, case .success(let requestMetadata) = metadata else { return nil }

        if open.hasRequestMessage, open.requestMessage.count > self.configuration.maxMessageSize {
            let error = RPCError(
                code: .resourceExhausted,
                message:
                    "message of \(open.requestMessage.count) bytes exceeds the limit of \(self.configuration.maxMessageSize) bytes"
            )
            self.writer.queue(.trailers(id, Trailers(error: error)))
            return nil
        }
        let inbound: InboundParts<Part>
        do {
            inbound = try self.streams.openInbound(id, writer: self.writer)
            inbound.queue.deliver(.metadata(requestMetadata))
        } catch {
            return nil
        }
        self.touch()
        if open.hasRequestMessage {
            // The whole request came inline: its message, then the end of the request stream.
            var body = ByteBuffer()
            body.writeBytes(open.requestMessage)
            let size = body.readableBytes
            if self.streams.deliver(.message(WebSocketTransportBytes(body)), to: id, messageSize: size) == .delivered {
                self.streams.finishInbound(id)
            }
        }

        let singleResponse = self.singleResponseMethods.contains(open.method)
        let stream = RPCStream(
            descriptor: method,
            inbound: RPCAsyncSequence<Part, any Error>(wrapping: ServerInboundParts(parts: inbound)),
            outbound: RPCWriter.Closable(
                wrapping: ServerStreamWriter(
                    id: id,
                    connection: self,
                    holdsLastMessage: singleResponse
                )
            )
        )
        self.start(stream, id: id, streamedResponse: !singleResponse)
        return nil
    }

    /// Runs the server's handler for stream `id` in a task of its own, which the connection cancels if the
    /// WebSocket closes first.
    private func start(
        _ stream: RPCStream<ServerTransportInbound, ServerTransportOutbound>,
        id: StreamID,
        streamedResponse: Bool
    ) {
        // The task is made and stored under the lock: it cannot take the lock to remove itself before it is stored.
        self.state.withLock { state in
            let task = Task {
                if let handler = await self.streamHandler() {
                    await self.serve(stream, id: id, streamedResponse: streamedResponse, handler: handler)
                } else {
                    let error = RPCError(code: .unavailable, message: "The server is shutting down.")
                    await self.finishResponse(on: id, error: error)
                }
                self.streams.remove(id)
                self.touch()
                self.closeIfDrained()
                let finished = self.state.withLock { state in
                    state.handlers[id] = nil
                    return self.takeFinished(&state)
                }
                if finished { self.onFinished() }
            }
            state.handlers[id] = task
            if state.closing { task.cancel() }
        }
    }

    private func serve(
        _ stream: RPCStream<ServerTransportInbound, ServerTransportOutbound>,
        id: StreamID,
        streamedResponse: Bool,
        handler: StreamHandler
    ) async {
        await withServerContextRPCCancellationHandle { handle in
            if self.streams.attach(handle, to: id) {
                handle.cancel()
            }
            let context = ServerContext(
                descriptor: stream.descriptor,
                remotePeer: self.peer,
                localPeer: "websocket",
                cancellation: handle
            )
            // GRPCCore cancels the RPC (cooperatively) when its deadline passes: end the handler's
            // request stream with DEADLINE_EXCEEDED so that a handler waiting for messages returns.
            await withRPCCancellationHandler {
                // A streamed response may also be written without waiting, from another task
                // (``ImmediateResponseWriter``).
                if streamedResponse {
                    await ImmediateResponseWriter.$current.withValue(ImmediateResponseWriter(connection: self, id: id))
                    {
                        await handler(stream, context)
                    }
                } else {
                    await handler(stream, context)
                }
            } onCancelRPC: {
                self.streams.rpcCancelled(
                    id,
                    error: RPCError(code: .deadlineExceeded, message: "The RPC's deadline passed.")
                )
            }
        }
    }
}

// MARK: - Writing

extension ServerConnection {
    /// Sends one response part of stream `id`.
    func send(_ part: RPCResponsePart<WebSocketTransportBytes>, on id: StreamID) async throws {
        switch part {
        case .metadata(let metadata):
            guard self.streams.isWritable(id) else { throw StreamRegistry<Part>.streamClosed }
            if metadata.isEmpty {
                // Held: a first MESSAGE stands for empty HEADERS (docs/protocol.md), saving a frame.
                _ = self.streams.markHeadersSeen(id)
                return
            }
            var headers = ResponseHeaders()
            headers.metadata = metadata.wireEntries
            try await self.writer.write(.headers(id, headers))

        case .message(let bytes):
            _ = self.streams.takeHeldHeaders(id)
            try await self.streams.sendMessage(
                bytes,
                on: id,
                limit: self.state.withLock { $0.peerMaxMessageSize },
                description: ("response", "client"),
                writer: self.writer,
                asksForCredit: self.state.withLock { $0.requestsCredit }
            )

        case .status(let status, let metadata):
            try await self.sendStatus(status, metadata: metadata, lastMessage: nil, on: id)
        }
    }

    /// Queues a response message of stream `id` when it can go without waiting: within the client's limit, the stream
    /// writable, its credit there and the connection's writer under its high-water mark. `false` changes nothing.
    func writeMessageNow(_ bytes: [UInt8], on id: StreamID) -> Bool {
        guard bytes.count <= self.state.withLock({ $0.peerMaxMessageSize }),
            self.streams.takeCreditNow(bytes.count, on: id)
        else { return false }
        guard self.writer.writeMessageNow(bytes, streamID: id) else {
            self.streams.returnCredit(bytes.count, on: id)
            return false
        }
        return true
    }

    /// Ends stream `id` with its status; `lastMessage` (held by the writer) goes inline in the TRAILERS
    /// when it fits, else as a MESSAGE before them.
    func sendStatus(_ status: Status, metadata: Metadata, lastMessage: WebSocketTransportBytes?, on id: StreamID)
        async throws
    {
        var trailers = Trailers(status: status, metadata: metadata)
        if let lastMessage {
            do {
                if lastMessage.count <= self.configuration.inlineMessageLimit {
                    try StreamRegistry<Part>.checkSize(
                        lastMessage.count,
                        limit: self.state.withLock { $0.peerMaxMessageSize },
                        description: ("response", "client")
                    )
                    _ = self.streams.takeHeldHeaders(id)
                    try await self.streams.takeCredit(
                        lastMessage.count,
                        on: id,
                        askingCreditThrough: self.state.withLock { $0.requestsCredit } ? self.writer : nil
                    )
                    trailers.responseMessage = lastMessage.withUnsafeBytes { Data($0) }
                } else {
                    try await self.send(.message(lastMessage), on: id)
                }
            } catch let error as RPCError where error.code == .resourceExhausted {
                // The response cannot go: the call ends with why, as a streamed response's would.
                trailers = Trailers(error: error)
            }
        }
        let heldHeaders = self.streams.takeHeldHeaders(id)
        guard self.streams.finishLocal(id) else { return }
        if heldHeaders {
            // No message went out: the held HEADERS go first, or the client would see trailers-only.
            try await self.writer.write(.headers(id, ResponseHeaders()))
        }
        try await self.writer.write(.trailers(id, trailers))
    }

    /// The handler finished its response; an error not yet reported becomes the trailers.
    func finishResponse(on id: StreamID, error: (any Error)?) async {
        guard self.streams.finishLocal(id) else { return }
        let rpcError =
            error.map { RPCError(sending: $0) }
            ?? RPCError(code: .internalError, message: "The handler sent no status.")
        try? await self.writer.write(.trailers(id, Trailers(error: rpcError)))
    }

}

extension MethodDescriptor {
    /// Parses a `/package.Service/Method` path.
    init?(path: String) {
        let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty,
            let service = String(parts[1]), let method = String(parts[2])
        else { return nil }
        self.init(fullyQualifiedService: service, method: method)
    }
}
