import CompressNIO
import HTTPTypes
import HummingbirdWSCompression
public import HummingbirdWebSocket
import Logging
import NIOWebSocket

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
struct BoundedDeflateBuilder: WebSocketExtensionBuilder {
    static var name: String { "permessage-deflate" }

    private let base: any WebSocketExtensionBuilder

    init(maxInflatedSize: Int, threshold: Int, windowBits: Int, memoryLevel: Int) {
        self.base = WebSocketExtensionFactory.perMessageDeflate(
            clientMaxWindow: windowBits,
            clientNoContextTakeover: true,
            serverMaxWindow: windowBits,
            serverNoContextTakeover: true,
            compressionLevel: nil,
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
        try self.base.serverExtension(from: request).map(BoundedDeflate.init)
    }

    func clientExtension(from response: WebSocketExtensionHTTPParameters) throws -> (any WebSocketExtension)? {
        try self.base.clientExtension(from: response).map(BoundedDeflate.init)
    }
}

/// The negotiated extension: forwards to permessage-deflate, maps an inflation overflow to 1009.
struct BoundedDeflate: WebSocketExtension {
    let base: any WebSocketExtension

    var name: String { self.base.name }
    var reservedBits: WebSocketFrame.ReservedBits { self.base.reservedBits }

    func processReceivedFrame(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws
        -> WebSocketFrame
    {
        do {
            return try await self.base.processReceivedFrame(frame, context: context)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            context.logger.debug("Inflated message over the limit: closing with 1009")
            throw NIOWebSocketError.invalidFrameLength
        }
    }

    func processFrameToSend(_ frame: WebSocketFrame, context: WebSocketExtensionContext) async throws -> WebSocketFrame
    {
        try await self.base.processFrameToSend(frame, context: context)
    }

    func shutdown() async {
        await self.base.shutdown()
    }
}

extension WebSocketTransportConfiguration {
    /// The WebSocket extensions this configuration offers or accepts.
    var webSocketExtensions: [any WebSocketExtensionBuilder] {
        self.compression
            ? [
                BoundedDeflateBuilder(
                    maxInflatedSize: self.maxWebSocketMessageSize,
                    threshold: self.compressionThreshold,
                    windowBits: min(max(self.compressionWindowBits, 9), 15),
                    memoryLevel: min(max(self.compressionMemoryLevel, 1), 9)
                )
            ] : []
    }
}

extension WebSocketTransportConfiguration {
    /// The hummingbird-websocket server settings matching these limits: pass it to
    /// `HTTPServerBuilder.http1WebSocketUpgrade(webSocketRouter:configuration:)`.
    public var webSocketServerConfiguration: WebSocketServerConfiguration {
        var configuration = WebSocketServerConfiguration(
            maxFrameSize: self.maxWebSocketMessageSize,
            autoPing: self.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled,
            closeTimeout: self.closeTimeout
        )
        configuration.extensions = self.webSocketExtensions
        return configuration
    }
}
