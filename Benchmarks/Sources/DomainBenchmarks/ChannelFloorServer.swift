import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// The `bare-channel` row's server: every request is upgraded to a WebSocket that a channel handler serves, and no
/// task waits on it. It answers pings and closes, nothing else: the floor under `GRPCWebSocketChannel`'s connections,
/// as `--child-bare` is hummingbird-websocket's.
private struct ChannelFloorChannel: ServerChildChannel {
    struct Value: ServerChildChannelValue {
        let channel: any Channel
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let upgrader = NIOWebSocketServerUpgrader(
            shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
            upgradePipelineHandler: { channel, _ in channel.pipeline.addHandler(IdleWebSocketHandler()) }
        )
        return channel.pipeline.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in })
        ).map { Value(channel: channel) }
    }

    func handle(value: Value, logger: Logger) async {}
}

private final class IdleWebSocketHandler: ChannelInboundHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = self.unwrapInboundIn(data)
        switch frame.opcode {
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(self.wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            context.close(promise: nil)
        default:
            break
        }
    }
}

/// Runs the `bare-channel` server until standard input closes.
func runChildChannelServer() async throws {
    try await runChildApplication(server: HTTPServerBuilder { _ in ChannelFloorChannel() })
}
