import HTTPTypes
public import HummingbirdCore
public import Logging
public import NIOCore
import NIOHTTP1
public import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// Hummingbird's HTTP/1.1 server with the gRPC WebSocket: an upgrade on ``path`` from an allowed origin that offers
/// our subprotocol becomes a ``WebSocketConnectionHandler`` of ``transport``; every other request goes to the
/// HTTP responder, as with hummingbird's `HTTP1Channel`.
///
/// A WebSocket holds no task: once upgraded, its channel's handlers serve it, and ``handle(value:logger:)`` returns
/// at once (its streams' handlers run as child tasks of the transport's `listen`). hummingbird-websocket's `HTTP1WebSocketUpgradeChannel` keeps a task per connection: compare the `bare` and
/// `bare-channel` rows of `DomainBenchmarks memory`. The transport tracks the connection and
/// closes it on shutdown.
public struct GRPCWebSocketChannel: ServerChildChannel, HTTPChannelHandler {
    public enum UpgradeResult: Sendable {
        case webSocket
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case failedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, Logger)
    }

    public struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        public let channel: any Channel
    }

    public let responder: HTTPChannelHandler.Responder
    let path: String
    let transport: WebSocketTransport.Server
    let origins: OriginPolicy
    let http1: HTTP1Channel.Configuration

    /// - Parameters:
    ///   - responder: Serves the HTTP requests.
    ///   - path: The gRPC WebSocket's path, e.g. `/grpc`.
    ///   - transport: The transport the WebSockets serve.
    ///   - origins: Which `Origin` headers may connect.
    ///   - http1: HTTP/1.1 settings for the other requests.
    public init(
        responder: @escaping HTTPChannelHandler.Responder,
        path: String,
        transport: WebSocketTransport.Server,
        origins: OriginPolicy = .any,
        http1: HTTP1Channel.Configuration = .init()
    ) {
        self.responder = responder
        self.path = path
        self.transport = transport
        self.origins = origins
        self.http1 = http1
    }

    /// Read buffers start at 512 bytes rather than NIO's 2,048.
    static let receiveBuffers = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            // NIO keeps each channel's last read buffer for the next read, 2 KiB by default; an idle WebSocket reads a
            // few small frames a minute. Reads still grow the buffer, up to 64 KiB, when they fill it.
            try channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.receiveBuffers)
            let upgradeAttempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            let negotiated = NIOLoopBoundBox(MessageDeflate?.none, eventLoop: channel.eventLoop)
            let configuration = self.transport.configuration
            let upgrader = NIOTypedWebSocketServerUpgrader<UpgradeResult>(
                maxFrameSize: configuration.maxWebSocketMessageSize,
                shouldUpgrade: { channel, head in
                    upgradeAttempted.value = true
                    let answer = self.shouldUpgrade(head, logger: logger)
                    negotiated.value = answer?.deflate
                    return channel.eventLoop.makeSucceededFuture(answer?.headers)
                },
                upgradePipelineHandler: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = WebSocketConnectionHandler(
                            transport: self.transport,
                            deflate: negotiated.value,
                            peer: "websocket",
                            logger: logger
                        )
                        try channel.pipeline.syncOperations.addHandler(handler)
                        return UpgradeResult.webSocket
                    }
                }
            )
            let serverUpgradeConfiguration = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandlers(self.http1.additionalChannelHandlers())
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(
                                idleTimeout: self.http1.idleTimeout.map { Duration($0) },
                                logger: logger
                            )
                        )
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true)
                        )
                        return upgradeAttempted.value
                            ? UpgradeResult.failedUpgrade(asyncChannel, logger) : .notUpgraded(asyncChannel)
                    }
                }
            )
            var upgradeConfiguration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(
                upgradeConfiguration: serverUpgradeConfiguration
            )
            upgradeConfiguration.enablePipelining = false
            upgradeConfiguration.enableErrorHandling = false
            upgradeConfiguration.enableResponseHeaderValidation = false
            upgradeConfiguration.decoderConfiguration.maxHeaderFieldSize = self.http1.httpDecoder.maxHeaderFieldSize
            upgradeConfiguration.decoderConfiguration.maxHeaderListSize = self.http1.httpDecoder.maxHeaderListSize
            upgradeConfiguration.decoderConfiguration.maxHeaderFieldCount = self.http1.httpDecoder.maxHeaderFieldCount
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: upgradeConfiguration
            )
            return Value(upgradeResult: result, channel: channel)
        }
    }

    /// The extra response headers for an upgrade that may proceed, with the deflate agreed; `nil` refuses it
    /// (400 Bad Request).
    func shouldUpgrade(_ head: HTTPRequestHead, logger: Logger) -> (headers: HTTPHeaders, deflate: MessageDeflate?)? {
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        guard path == self.path else {
            logger.debug("WebSocket refused: no WebSocket on this path", metadata: ["http.path": "\(path)"])
            return nil
        }
        let origin = head.headers.first(name: "origin")
        guard self.origins.allows(origin: origin, host: head.headers.first(name: "host")) else {
            logger.notice("WebSocket refused: origin not allowed", metadata: ["ws.origin": "\(origin ?? "")"])
            return nil
        }
        let offered = head.headers["sec-websocket-protocol"]
        guard let subprotocol = WebSocketTransport.Server.negotiateSubprotocol(offered) else {
            logger.debug(
                "WebSocket refused: no supported subprotocol",
                metadata: ["ws.subprotocols": "\(offered.joined(separator: ","))"]
            )
            return nil
        }
        var headers: HTTPHeaders = ["Sec-WebSocket-Protocol": subprotocol]
        let configuration = self.transport.configuration
        guard configuration.compression else { return (headers, nil) }
        let agreed = MessageDeflate.negotiate(
            offers: head.headers["sec-websocket-extensions"],
            configuration: configuration
        )
        guard let agreed else { return (headers, nil) }
        headers.add(name: "Sec-WebSocket-Extensions", value: agreed.response)
        return (headers, MessageDeflate(agreed.parameters))
    }

    public func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .webSocket:
                // The channel's handlers serve it from here; no task waits for it.
                return
            case .notUpgraded(let http1):
                await self.handleHTTP(asyncChannel: http1, logger: logger)
            case .failedUpgrade(let http1, let logger):
                logger.debug("WebSocket upgrade refused")
                await Self.refuse(http1, logger: logger)
            }
        } catch {
            logger.debug("Upgrade failed", metadata: ["error": "\(error)"])
        }
    }

    /// Answers a refused upgrade with 400 Bad Request, and closes.
    private static func refuse(_ http1: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async {
        do {
            try await http1.executeThenClose { _, outbound in
                let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            }
        } catch {
            logger.trace("Could not answer the refused upgrade", metadata: ["error": "\(error)"])
        }
    }
}
