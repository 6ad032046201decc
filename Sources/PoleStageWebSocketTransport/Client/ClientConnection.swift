import FoundationEssentials
import GRPCCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import PoleStageWire
import Synchronization

/// The client's side of one WebSocket: opens streams on it and routes the server's frames to them.
final class ClientConnection: Sendable {
    typealias Part = RPCResponsePart<WebSocketTransportBytes>

    private struct State {
        var nextStreamID: UInt32 = 1
        var goAway = false
        var peerMaxMessageSize: Int
    }

    let writer: FrameWriter
    let configuration: WebSocketTransportConfiguration
    let streams: StreamRegistry<Part>
    let logger: Logger
    private let openSequencer = OpenSequencer()
    /// Streams the server lets this connection have open at once.
    let slots = StreamSlots()
    private let state: Mutex<State>
    private let onGoAway: @Sendable () -> Void
    private let serverSettings: AsyncStream<Void>
    private let serverSettingsContinuation: AsyncStream<Void>.Continuation

    init(
        outbound: WebSocketOutboundWriter,
        configuration: WebSocketTransportConfiguration,
        logger: Logger,
        onGoAway: @escaping @Sendable () -> Void
    ) {
        self.writer = FrameWriter(outbound: outbound)
        self.configuration = configuration
        // Until the server's SETTINGS arrive, the protocol's defaults apply (docs/protocol.md).
        self.streams = StreamRegistry(
            receiveWindowSize: configuration.initialWindowSize,
            peerWindowSize: WebSocketTransport.defaultWindowSize
        )
        self.logger = logger
        self.state = Mutex(State(peerMaxMessageSize: WebSocketTransport.defaultMaxMessageSize))
        self.onGoAway = onGoAway
        (self.serverSettings, self.serverSettingsContinuation) = AsyncStream.makeStream()
    }

    /// Waits for the server's SETTINGS, so that the first streams already use its limits; `false` when
    /// the connection closed first.
    func waitForServerSettings() async -> Bool {
        for await _ in self.serverSettings { return true }
        return false
    }

    /// Whether new streams may open here (no GOAWAY received).
    var acceptsStreams: Bool {
        self.state.withLock { !$0.goAway }
    }

    var settings: Settings {
        var settings = Settings()
        settings.version = WebSocketTransport.protocolVersion
        settings.maxMessageSize = UInt32(clamping: self.configuration.maxMessageSize)
        settings.initialWindowSize = UInt32(clamping: self.configuration.initialWindowSize)
        settings.maxBatchSize = UInt32(clamping: self.configuration.maxBatchSize)
        settings.creditRequests = self.configuration.creditRequests
        return settings
    }

    /// Reads the server's frames until the WebSocket closes, while this task also runs the writer's drains; then every
    /// open stream fails with UNAVAILABLE.
    func run(inbound: WebSocketInboundStream) async throws {
        defer {
            self.serverSettingsContinuation.finish()
            let closed = RPCError(code: .unavailable, message: "The WebSocket connection closed.")
            self.slots.close(closed)
            self.streams.closeAll(closed)
        }
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await self.writer.runDrains() }
            try await self.writer.serving { try await self.readLoop(inbound: inbound) }
        }
    }

    /// Sends this client's SETTINGS: the first frame, before any stream opens.
    func sendSettings() async throws {
        try await self.writer.write(.settings(self.settings))
    }

    private func readLoop(inbound: WebSocketInboundStream) async throws {
        let decoder = FrameDecoder(
            maxMessageSize: self.configuration.maxMessageSize,
            maxBatchSize: self.configuration.maxBatchSize
        )
        for try await message in inbound.messages(maxSize: self.configuration.maxWebSocketMessageSize) {
            guard case .binary(let buffer) = message else {
                self.writer.close(.unacceptableData, reason: "text messages are not supported")
                return
            }
            do {
                var frames = try decoder.frames(in: buffer)
                while true {
                    do {
                        guard let frame = try frames.next() else { break }
                        if let reason = await self.handle(frame) {
                            self.writer.close(.protocolError, reason: reason)
                            return
                        }
                    } catch FrameError.messageTooLarge(let id, let size, let limit) {
                        let error = RPCError(
                            code: .resourceExhausted,
                            message: "response message of \(size) bytes exceeds the limit of \(limit) bytes"
                        )
                        await self.reset(id, error: error)
                    }
                }
            } catch {
                self.writer.close(.protocolError, reason: error.description)
                return
            }
        }
    }

    /// Handles one server frame; returns a close reason on a protocol error.
    private func handle(_ frame: Frame) async -> String? {
        switch frame {
        case .settings(let settings):
            guard settings.version == WebSocketTransport.protocolVersion else {
                return "unsupported protocol version \(settings.version), this client speaks 1"
            }
            self.writer.setPeerMaxBatchSize(Int(settings.maxBatchSize))
            if settings.initialWindowSize > 0 {
                self.streams.setPeerWindowSize(Int(settings.initialWindowSize))
            }
            self.state.withLock { state in
                if settings.maxMessageSize > 0 { state.peerMaxMessageSize = Int(settings.maxMessageSize) }
            }
            if settings.maxConcurrentStreams > 0 { self.slots.setLimit(Int(settings.maxConcurrentStreams)) }
            // The server asks when it waits for credit: no WINDOW_UPDATE per message any more (§7).
            if settings.creditRequests && self.configuration.creditRequests { self.streams.enableLazyCredit() }
            self.serverSettingsContinuation.yield()
        case .headers(let id, let headers):
            _ = self.streams.headersReceived(id)
            do {
                let metadata = try Metadata(wireEntries: headers.metadata)
                _ = self.streams.deliver(.metadata(metadata), to: id, messageSize: nil)
            } catch {
                await self.reset(id, error: RPCError(code: .internalError, message: "\(error)"))
            }
        case .message(let id, let bytes, _):
            // A server omits HEADERS whose metadata is empty when a MESSAGE follows (docs/protocol.md).
            let message = Part.message(WebSocketTransportBytes(bytes))
            if self.streams.deliver(message, size: bytes.readableBytes, to: id, after: .metadata([:]))
                == .flowControlViolation
            {
                await self.reset(
                    id,
                    error: RPCError(code: .internalError, message: "The server overran the flow-control window.")
                )
            }
        case .trailers(let id, let trailers):
            if trailers.hasResponseMessage {
                // The response's last message, inline: delivered as a MESSAGE would be, then the status.
                var body = ByteBuffer()
                body.writeBytes(trailers.responseMessage)
                let size = body.readableBytes
                guard size <= self.configuration.maxMessageSize else {
                    let error = RPCError(
                        code: .resourceExhausted,
                        message:
                            "response message of \(size) bytes exceeds the limit of \(self.configuration.maxMessageSize) bytes"
                    )
                    if self.streams.headersReceived(id) {
                        _ = self.streams.deliver(.metadata([:]), to: id, messageSize: nil)
                    }
                    self.streams.finishInbound(id, throwing: error)
                    return nil
                }
                let message = Part.message(WebSocketTransportBytes(body))
                if self.streams.deliver(message, size: size, to: id, after: .metadata([:])) == .flowControlViolation {
                    await self.reset(
                        id,
                        error: RPCError(code: .internalError, message: "The server overran the flow-control window.")
                    )
                    return nil
                }
            }
            do {
                let metadata = try Metadata(wireEntries: trailers.metadata)
                _ = self.streams.deliver(.status(trailers.status, metadata), to: id, messageSize: nil)
                self.streams.finishInbound(id)
            } catch {
                await self.reset(id, error: RPCError(code: .internalError, message: "\(error)"))
            }
        case .reset(let id, let reset):
            self.streams.finishInbound(id, throwing: reset.rpcError)
        case .windowUpdate(let id, let increment):
            guard self.streams.grant(increment, to: id) else {
                return "WINDOW_UPDATE on stream \(id) exceeds the window"
            }
        case .creditRequest(let id):
            // Ignored for a stream that ended, as WINDOW_UPDATE is.
            if let increment = self.streams.creditRequested(on: id) {
                try? await self.writer.write(.windowUpdate(id, increment: increment))
            }
        case .goAway:
            self.state.withLock { $0.goAway = true }
            self.onGoAway()
        case .open, .halfClose:
            return "\(frame.type) frames are sent by clients only"
        }
        return nil
    }

    /// Fails a stream locally and tells the server.
    private func reset(_ id: StreamID, error: RPCError) async {
        guard self.streams.contains(id) else { return }
        self.streams.finishInbound(id, throwing: error)
        if self.streams.finishLocal(id) {
            try? await self.writer.write(.reset(id, Reset(code: error.code, message: error.message)))
        }
    }

    /// Registers a new stream.
    func openStream(
        descriptor: MethodDescriptor
    ) throws(RPCError) -> (StreamID, RPCStream<ClientTransportInbound, ClientTransportOutbound>) {
        let (opened, exhausted): (StreamID?, Bool) = self.state.withLock { state in
            guard !state.goAway else { return (nil, false) }
            let id = StreamID(state.nextStreamID)
            if state.nextStreamID == .max {
                // Stream ids are spent: this is the connection's last stream, the next go to a new one.
                state.goAway = true
                return (id, true)
            }
            state.nextStreamID += 1
            return (id, false)
        }
        if exhausted { self.onGoAway() }
        guard let id = opened else {
            throw RPCError(code: .unavailable, message: "The server is shutting down this connection.")
        }
        let inbound = try self.streams.openInbound(id, writer: self.writer)
        let stream = RPCStream(
            descriptor: descriptor,
            inbound: RPCAsyncSequence<Part, any Error>(wrapping: ClientInboundParts(parts: inbound)),
            outbound: RPCWriter.Closable(wrapping: ClientStreamWriter(id: id, descriptor: descriptor, connection: self))
        )
        return (id, stream)
    }

    /// The caller is done with the stream: a stream the server has not ended is reset (cancelled).
    func closeStream(_ id: StreamID) async {
        // A stream abandoned before its OPEN must not hold back the streams after it.
        self.openSequencer.settle(id)
        let unfinished = self.streams.isOpenOnPeerSide(id) && self.streams.isOpenSent(id)
        if unfinished, self.streams.finishLocalForcibly(id) {
            // A RESET is how the server learns that the caller went; the caller's task is usually cancelled by then,
            // and the frame writer queues frames from cancelled tasks too.
            try? await self.writer.write(.reset(id, Reset(code: .cancelled, message: "The client cancelled the RPC.")))
        }
        self.streams.remove(id)
        self.slots.release()
    }

    /// Sends one request part of stream `id`.
    func send(_ part: RPCRequestPart<WebSocketTransportBytes>, on id: StreamID, descriptor: MethodDescriptor)
        async throws
    {
        switch part {
        case .metadata(let metadata):
            var open = OpenStream()
            open.method = "/" + descriptor.fullyQualifiedMethod
            open.metadata = metadata.wireEntries
            await self.openSequencer.waitForTurn(id)
            defer { self.openSequencer.settle(id) }
            guard self.streams.isWritable(id) else { throw StreamRegistry<Part>.streamClosed }
            try await self.writer.write(.open(id, open))
            self.streams.markOpenSent(id)
        case .message(let bytes):
            try await self.streams.sendMessage(
                bytes,
                on: id,
                limit: self.state.withLock { $0.peerMaxMessageSize },
                description: ("request", "server"),
                writer: self.writer
            )
        }
    }

    /// Sends a whole request held by its writer: one OPEN carrying the message inline when it fits,
    /// else OPEN (if not sent yet) and a MESSAGE with END_STREAM. On failure, the stream is reset.
    func sendRequest(
        on id: StreamID,
        descriptor: MethodDescriptor,
        metadata: Metadata?,
        lastMessage: WebSocketTransportBytes?
    ) async {
        do {
            guard let metadata else {
                // The OPEN went out already.
                if let lastMessage {
                    await self.sendLastMessage(lastMessage, on: id)
                } else {
                    await self.finishRequest(on: id, error: nil)
                }
                return
            }
            if let lastMessage, lastMessage.count <= self.configuration.inlineMessageLimit {
                try StreamRegistry<Part>.checkSize(
                    lastMessage.count,
                    limit: self.state.withLock { $0.peerMaxMessageSize },
                    description: ("request", "server")
                )
                var open = OpenStream()
                open.method = "/" + descriptor.fullyQualifiedMethod
                open.metadata = metadata.wireEntries
                open.requestMessage = lastMessage.withUnsafeBytes { Data($0) }
                try await self.streams.takeCredit(lastMessage.count, on: id)
                await self.openSequencer.waitForTurn(id)
                defer { self.openSequencer.settle(id) }
                guard self.streams.finishLocal(id) else { throw StreamRegistry<Part>.streamClosed }
                try await self.writer.write(.open(id, open))
                self.streams.markOpenSent(id)
                return
            }
            try await self.send(.metadata(metadata), on: id, descriptor: descriptor)
            if let lastMessage {
                await self.sendLastMessage(lastMessage, on: id)
            } else {
                await self.finishRequest(on: id, error: nil)
            }
        } catch {
            await self.finishRequest(on: id, error: error)
        }
    }

    /// Sends the request's last message with END_STREAM (no HALF_CLOSE follows); on failure, RESET.
    func sendLastMessage(_ bytes: WebSocketTransportBytes, on id: StreamID) async {
        do {
            try await self.streams.sendMessage(
                bytes,
                on: id,
                limit: self.state.withLock { $0.peerMaxMessageSize },
                description: ("request", "server"),
                writer: self.writer,
                endStream: true
            )
        } catch {
            await self.finishRequest(on: id, error: error)
        }
    }

    /// The caller finished its requests: HALF_CLOSE, or RESET when it failed.
    func finishRequest(on id: StreamID, error: (any Error)?) async {
        guard self.streams.finishLocal(id) else { return }
        guard self.streams.isOpenSent(id) else {
            // The server never heard of this stream: nothing to tell it, but the call must end here,
            // with the error that stopped the request (a message over the server's limit, say).
            if let error { self.streams.finishInbound(id, throwing: RPCError(sending: error)) }
            return
        }
        if let error {
            // The server answers a RESET with nothing: the call ends here, with this error.
            let rpcError = RPCError(sending: error)
            self.streams.finishInbound(id, throwing: rpcError)
            try? await self.writer.write(.reset(id, Reset(code: rpcError.code, message: rpcError.message)))
        } else {
            try? await self.writer.write(.halfClose(id))
        }
    }

}

typealias ClientTransportInbound = RPCAsyncSequence<RPCResponsePart<WebSocketTransportBytes>, any Error>
typealias ClientTransportOutbound = RPCWriter<RPCRequestPart<WebSocketTransportBytes>>.Closable

extension ClientConnection {
    /// Closes the WebSocket normally (the client is shutting down and no stream is open).
    func requestClose() {
        self.writer.close(.normalClosure, reason: "client closing")
    }
}
