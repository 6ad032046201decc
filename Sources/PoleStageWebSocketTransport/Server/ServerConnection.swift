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
/// The connection holds no task: ``WebSocketConnectionHandler`` hands it each WebSocket message on the channel's event
/// loop, and it decodes and dispatches the frames there, without waiting. Each stream's handler runs in a child task of
/// the server transport's `listen` (``WebSocketTransport/Server``), handed over as a ``Start``; when the WebSocket
/// closes, the connection cancels its streams' RPCs and ends their requests, and it is finished once the last handler
/// returned. Every lifecycle decision (drain, idle, close, finished) is made by ``ServerConnectionStateMachine``.
final class ServerConnection: Sendable {
    typealias Part = RPCRequestPart<WebSocketTransportBytes>
    typealias StreamHandler =
        @Sendable (RPCStream<ServerTransportInbound, ServerTransportOutbound>, ServerContext) async -> Void

    /// Why the connection must close.
    enum Ending: Equatable {
        case close(WebSocketErrorCode, String)
    }

    /// A stream that opened, for the transport's `listen` to run its handler (``serve(_:id:streamedResponse:handler:)``,
    /// then ``streamReturned(_:)``).
    struct Start: Sendable {
        let connection: ServerConnection
        let stream: RPCStream<ServerTransportInbound, ServerTransportOutbound>
        let id: StreamID
        let streamedResponse: Bool
    }

    private struct State {
        var lifecycle: ServerConnectionStateMachine
        var peerMaxMessageSize: Int
        /// Both sides announced credit requests: a stream waiting for credit asks the client for it.
        var requestsCredit = false
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
    /// Hands a stream that opened to the transport's `listen`.
    private let startStream: @Sendable (Start) -> Void
    /// Called once, when the WebSocket closed and every handler returned.
    private let onFinished: @Sendable () -> Void

    init(
        outbound: some EventLoopMessageSink,
        configuration: WebSocketTransportConfiguration,
        singleResponseMethods: Set<String>,
        peer: String,
        logger: Logger,
        startStream: @escaping @Sendable (Start) -> Void,
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
        self.state = Mutex(
            State(
                lifecycle: ServerConnectionStateMachine(now: .now),
                peerMaxMessageSize: WebSocketTransport.defaultMaxMessageSize
            )
        )
        self.startStream = startStream
        self.onFinished = onFinished
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

    /// The connection's phase, as its state machine has it (for tests).
    var phase: ServerConnectionStateMachine.Phase {
        self.state.withLock { $0.lifecycle.phase }
    }

    /// Closes the WebSocket with `code` and `reason` after what is queued: every stream ends with UNAVAILABLE.
    func end(_ code: WebSocketErrorCode, reason: String) {
        self.logger.debug("Closing WebSocket", metadata: ["ws.close.code": "\(code)", "ws.close.reason": "\(reason)"])
        _ = self.state.withLock { $0.lifecycle.close() }
        self.endStreams()
        self.writer.close(code, reason: reason)
    }

    /// The WebSocket closed (either side) or failed: every stream ends with UNAVAILABLE, its RPC is cancelled, nothing
    /// more is written, and the connection is finished once the handlers returned.
    func closed() {
        let finished = self.state.withLock { $0.lifecycle.closed() }
        self.endStreams()
        self.writer.abort(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
        if finished { self.onFinished() }
    }

    /// Every stream ends: its request with UNAVAILABLE, its RPC cancelled (`ServerContext.cancellation`), so that its
    /// handler returns.
    private func endStreams() {
        self.streams.closeAll(RPCError(code: .unavailable, message: "The WebSocket connection closed."))
    }

    /// Asks the connection to drain: GOAWAY, refuse new streams, close once the last stream ended.
    func beginDrain() {
        let action = self.state.withLock { $0.lifecycle.beginDrain() }
        guard case .sendGoAway(let lastStreamID, let thenClose) = action else { return }
        var goAway = GoAway()
        goAway.lastStreamID = lastStreamID.rawValue
        goAway.code = UInt32(Status.Code.unavailable.rawValue)
        goAway.message = "The server is shutting down."
        self.writer.queue(.goAway(goAway))
        if thenClose { self.perform(.close(reason: "server is shutting down")) }
    }

    /// Closes the connection (1001, "idle timeout") when it has had no open stream for `timeout`, counted from its
    /// start or its last stream's end. The server's transport calls it for every connection, a few times per
    /// timeout (``WebSocketTransport/Server``): no connection holds a timer of its own.
    func closeIfIdle(timeout: Duration, now: ContinuousClock.Instant = .now) {
        let action = self.state.withLock { $0.lifecycle.closeIfIdle(timeout: timeout, now: now) }
        if action != .none { self.logger.debug("Closing idle WebSocket") }
        self.perform(action)
    }

    private func perform(_ action: ServerConnectionStateMachine.CloseAction) {
        guard case .close(let reason) = action else { return }
        self.writer.close(.goingAway, reason: reason)
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
            let first = self.state.withLock { $0.lifecycle.receivedSettings() }
            if !first {
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
        guard self.state.withLock({ $0.lifecycle.wasOpened(id) }) else {
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
        let action = self.state.withLock { $0.lifecycle.receivedOpen(id) }
        switch action {
        case .protocolError(let previous):
            return .close(
                .protocolError,
                "OPEN frame for stream \(id): stream ids must increase, the last was \(previous)"
            )
        case .drop:
            return nil
        case .open, .refuseDraining:
            break
        }
        let refusal: RPCError?
        let descriptor = MethodDescriptor(path: open.method)
        let metadata = Result { () throws(MetadataViolation) in try Metadata(wireEntries: open.metadata) }
        if action == .refuseDraining {
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

    /// Hands stream `id` to the transport's `listen`, which runs its handler in a child task.
    private func start(
        _ stream: RPCStream<ServerTransportInbound, ServerTransportOutbound>,
        id: StreamID,
        streamedResponse: Bool
    ) {
        self.state.withLock { $0.lifecycle.streamStarted(now: .now) }
        self.startStream(Start(connection: self, stream: stream, id: id, streamedResponse: streamedResponse))
    }

    /// The handler of stream `id` returned: the stream is forgotten, a draining connection may close, a closed one be
    /// finished.
    func streamReturned(_ id: StreamID) {
        self.streams.remove(id)
        switch self.state.withLock({ $0.lifecycle.streamEnded(now: .now) }) {
        case .none: break
        case .close(let reason): self.writer.close(.goingAway, reason: reason)
        case .finish: self.onFinished()
        }
    }

    func serve(
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
                _ = self.streams.holdHeaders(id)
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
    func writeMessageImmediately(_ bytes: [UInt8], on id: StreamID) -> Bool {
        guard bytes.count <= self.state.withLock({ $0.peerMaxMessageSize }),
            self.streams.takeCreditImmediately(bytes.count, on: id)
        else { return false }
        guard self.writer.writeMessageImmediately(bytes, streamID: id) else {
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
