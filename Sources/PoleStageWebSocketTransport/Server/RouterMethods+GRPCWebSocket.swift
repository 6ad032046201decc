import HTTPTypes
public import Hummingbird
public import HummingbirdWebSocket
import Logging

extension RouterMethods where Context: WebSocketRequestContext {
    /// Serves a ``WebSocketTransport/Server`` on `path`: upgrades requests that offer our subprotocol,
    /// refuses the others with 400 Bad Request.
    @discardableResult
    public func addGRPCWebSocketRoute(_ path: RouterPath, transport: WebSocketTransport.Server) -> Self {
        self.ws(
            path,
            shouldUpgrade: { request, context in
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
