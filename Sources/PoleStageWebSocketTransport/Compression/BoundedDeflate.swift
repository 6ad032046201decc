import CompressNIO
import HTTPTypes
import HummingbirdWSCompression
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// permessage-deflate (RFC 7692) whose inflated messages are capped, without context takeover.
///
/// hummingbird-websocket's extension already stops inflating at `maxInflatedSize`, but reports it as an
/// unexpected error (close 1011). This wrapper reports it as what it is, a message too big: the
/// connection closes with 1009, and no more than the cap is ever allocated.
///
/// Context takeover is off in both directions: many streams write to one WebSocket concurrently, and
/// the WebSocket handler compresses a frame before it queues it, across an actor suspension; with a
/// shared deflate context two frames compressed in one order and sent in the other corrupt the peer's
/// inflater (seen here as garbage frames under 100 concurrent streams). Each message compressed on its
/// own is immune to that ordering, and costs no per-connection deflate window between messages.
///
/// zlib's streams are created on first use: a connection whose messages all stay under the compression threshold
/// (an idle subscriber, most unary calls) never holds them (about 27 KiB per connection, `DomainBenchmarks memory`).
struct BoundedDeflateBuilder: WebSocketExtensionBuilder {
    static var name: String { "permessage-deflate" }

    private let base: any WebSocketExtensionBuilder
    private let threshold: Int

    init(maxInflatedSize: Int, threshold: Int, windowBits: Int, memoryLevel: Int, level: Int) {
        self.threshold = threshold
        self.base = WebSocketExtensionFactory.perMessageDeflate(
            clientMaxWindow: windowBits,
            clientNoContextTakeover: true,
            serverMaxWindow: windowBits,
            serverNoContextTakeover: true,
            compressionLevel: level,
            memoryLevel: memoryLevel,
            maxDecompressedFrameSize: maxInflatedSize,
            minFrameSizeToCompress: threshold
        ).build()
    }

    func clientRequestHeader() -> String {
        self.base.clientRequestHeader()
    }

    func serverReponseHeader(to request: WebSocketExtensionHTTPParameters) -> String? {
        self.base.serverReponseHeader(to: request)
    }

    func serverExtension(from request: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
        let base = self.base
        return BoundedDeflate(threshold: self.threshold) { try base.serverExtension(from: request) }
    }

    func clientExtension(from response: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
        let base = self.base
        return BoundedDeflate(threshold: self.threshold) { try base.clientExtension(from: response) }
    }
}

/// The negotiated extension: forwards to permessage-deflate, created when a message first needs it, and maps an
/// inflation overflow to 1009.
struct BoundedDeflate: WebSocketExtension {
    /// hummingbird-websocket's permessage-deflate, once made.
    private final class Base: Sendable {
        private struct State {
            var base: (any WebSocketExtension)?
            /// A data frame without FIN went to the compressor: the message's next frames go there too.
            var sendingFragments = false
        }

        private let make: @Sendable () throws -> (any WebSocketExtension)?
        private let state = Mutex(State())

        init(make: @escaping @Sendable () throws -> (any WebSocketExtension)?) {
            self.make = make
        }

        /// The extension, made now if it was not yet.
        func get() throws -> (any WebSocketExtension)? {
            try self.state.withLock { state in
                if let base = state.base { return base }
                state.base = try self.make()
                return state.base
            }
        }

        /// The extension if it was made, without making it.
        var ifMade: (any WebSocketExtension)? { self.state.withLock { $0.base } }

        /// Whether `frame` must go through the compressor, which it would leave as it is otherwise: it is a data
        /// frame of at least `threshold` bytes, or part of a fragmented message.
        func mustCompress(_ frame: WebSocketFrame, threshold: Int) -> Bool {
            let isData = frame.opcode == .binary || frame.opcode == .text || frame.opcode == .continuation
            return self.state.withLock { state in
                guard isData else { return false }
                let must = state.sendingFragments || !frame.fin || frame.data.readableBytes >= threshold
                if must { state.sendingFragments = !frame.fin }
                return must
            }
        }
    }

    private let base: Base
    private let threshold: Int

    init(threshold: Int, make: @escaping @Sendable () throws -> (any WebSocketExtension)?) {
        self.threshold = threshold
        self.base = Base(make: make)
    }

    var name: String { BoundedDeflateBuilder.name }
    var reservedBits: WebSocketFrame.ReservedBits { .rsv1 }

    func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws
        -> WebSocketFrame
    {
        // Until a compressed message (RSV1) arrives, every frame is received as it is: no inflater is needed.
        guard let base = frame.rsv1 ? try self.base.get() : self.base.ifMade else { return frame }
        do {
            return try await base.processReceivedFrame(frame, context: context)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            context.logger.debug("Inflated message over the limit: closing with 1009")
            throw NIOWebSocketError.invalidFrameLength
        }
    }

    func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame
    {
        // A frame the compressor would send as it is skips it (and its actor) altogether.
        guard self.base.mustCompress(frame, threshold: self.threshold), let base = try self.base.get() else {
            return frame
        }
        return try await base.processFrameToSend(frame, context: context)
    }

    func shutdown() async {
        await self.base.ifMade?.shutdown()
    }
}

extension WebSocketTransportConfiguration {
    /// The WebSocket extensions this configuration offers or accepts.
    var webSocketExtensions: [any WebSocketExtensionBuilder] {
        guard self.compression else { return [] }
        let parameters = MessageDeflate.Parameters(self)
        return [
            BoundedDeflateBuilder(
                maxInflatedSize: parameters.maxInflatedSize,
                threshold: parameters.threshold,
                windowBits: Int(parameters.windowBits),
                memoryLevel: Int(parameters.memoryLevel),
                level: Int(parameters.level)
            )
        ]
    }
}
