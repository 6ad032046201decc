import GRPCCore
import NIOWebSocket
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import Testing

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("in-flight RPCs finish, new streams get UNAVAILABLE, then the WebSocket closes with 1001")
    func drain() async throws {
        try await withTestServer { server, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.send(.open(1, InteropPath.fullDuplexCall))
                try await client.send(.message(1, InteropMessage.streamingOutput(count: 1, size: 10)))
                #expect(try await client.nextStreamFrame()?.streamID == StreamID(1))  // HEADERS

                async let shutdown: Void = server.triggerGracefulShutdown()
                var goAway: GoAway?
                while goAway == nil, let frame = try await client.nextStreamFrame() {
                    if case .goAway(let frame) = frame { goAway = frame }
                }
                #expect(goAway?.lastStreamID == 1)
                #expect(goAway?.code == UInt32(Status.Code.unavailable.rawValue))

                try await client.send(.open(3, InteropPath.emptyCall))
                let refused = try await trailers(of: 3, from: client)
                #expect(refused.trailersCode == UInt32(Status.Code.unavailable.rawValue))
                #expect(refused.trailersMessage == "The server is shutting down: open the stream on a new connection.")

                // The in-flight call still works and ends normally.
                try await client.send(
                    .message(1, InteropMessage.streamingOutput(count: 1, size: 20), flags: [.endStream])
                )
                #expect(try await trailers(of: 1, from: client).trailersCode == 0)
                try await client.waitForClose()
                await shutdown
            }
            #expect(outcome.closeCode == .goingAway)
            #expect(outcome.closeReason == "server is shutting down")
        }
    }
}
