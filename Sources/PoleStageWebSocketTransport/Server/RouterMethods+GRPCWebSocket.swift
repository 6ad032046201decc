import HTTPTypes
public import Hummingbird
public import HummingbirdWebSocket
import Logging

extension RouterMethods where Context: WebSocketRequestContext {
    /// Serves a ``WebSocketTransport/Server`` on `path`: upgrades requests that offer our subprotocol from an
    /// allowed origin, refuses the others with 400 Bad Request.
    ///
    /// - Parameter origins: Which `Origin` headers may connect.
    @discardableResult
    public func addGRPCWebSocketRoute(
        _ path: RouterPath,
        transport: WebSocketTransport.Server,
        origins: OriginPolicy = .any
    ) -> Self {
        self.ws(
            path,
            shouldUpgrade: { request, context in
                let origin = request.headers[.origin]
                guard origins.allows(origin: origin, host: request.head.authority) else {
                    context.logger.notice(
                        "WebSocket refused: origin not allowed",
                        metadata: ["ws.origin": "\(origin ?? "")"]
                    )
                    return .dontUpgrade
                }
                let offered = request.headers[values: .secWebSocketProtocol]
                guard let subprotocol = WebSocketTransport.Server.negotiateSubprotocol(offered) else {
                    context.logger.debug(
                        "WebSocket refused: no supported subprotocol",
                        metadata: ["ws.subprotocols": "\(offered.joined(separator: ","))"]
                    )
                    return .dontUpgrade
                }
                return .upgrade([.secWebSocketProtocol: subprotocol])
            },
            onUpgrade: { inbound, outbound, context in
                try await transport.handle(
                    inbound: inbound,
                    outbound: outbound,
                    peer: "websocket",
                    logger: context.logger
                )
            }
        )
    }
}
