import NIOWebSocket
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

/// End to end over a socket; the decisions themselves (an open stream keeps its connection, drain, close handshake)
/// are tested without one, on a manual clock, in PoleStageWebSocketTransportTests.
@Suite("Keepalive and idle connections")
struct KeepaliveTests {
    @Test("a connection with no stream for the idle timeout is closed with 1001 'idle timeout'")
    func idleTimeout() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(idleTimeout: .milliseconds(300)))
        try await withTestServer(configuration) { server, addresses in
            let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client in
                try await client.waitForClose()
            }
            #expect(outcome.closeCode == .goingAway)
            #expect(outcome.closeReason == "idle timeout")
            try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
        }
    }

    @Test("a peer that stops answering pings is disconnected")
    func deadPeer() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(pingInterval: .milliseconds(200)))
        try await withTestServer(configuration) { server, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                #expect(socket.status == 101)
                // This socket never answers the server's pings: the server closes it, as docs/protocol.md says.
                let close = try await withTimeout { try await socket.nextClose() }
                #expect(close?.code == 1001)
                #expect(close?.reason == "Ping timeout")
            }
            try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
        }
    }
}
