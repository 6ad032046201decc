import NIOWebSocket
import PoleStageInterop
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import SwiftProtobuf
import Testing

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

    @Test("an open stream keeps a connection past the idle timeout")
    func openStreamIsNotIdle() async throws {
        // Idle timeout 1 s (room for the OPEN to arrive on a loaded machine); the server then answers each request
        // only after 1.2 s, so the connection carries an open stream and no frame for longer than the timeout.
        // The server's idle clock runs on its event loop from the upgrade on: if this process's tasks are held up for
        // longer than the timeout before the OPEN goes (the suite runs in parallel on 2 cores), the connection is
        // rightly closed as idle before any answer. Such an attempt is run again, at most three times: an open stream
        // that did not keep its connection fails every attempt.
        let configuration = ServerConfiguration.testing(transport: .init(idleTimeout: .seconds(1)))
        try await withTestServer(configuration) { _, addresses in
            var attempts = 0
            var kept = false
            while !kept, attempts < 3 {
                attempts += 1
                let outcome = try await RawFrameClient.connect(url: addresses.webSocketURL) { client -> Bool in
                    try await client.send(.open(1, InteropPath.fullDuplexCall))
                    for (round, size) in [100, 200].enumerated() {
                        var request = Grpc_Testing_StreamingOutputCallRequest()
                        request.responseParameters = [
                            .with {
                                $0.size = Int32(size)
                                $0.intervalUs = 1_200_000
                            }
                        ]
                        try await client.send(.message(1, request))
                        var answered = 0
                        while answered < 1, let frame = try await client.nextStreamFrame() {
                            if frame.type == .message { answered += 1 }
                        }
                        if round == 0, answered == 0 { return false }  // closed before the first answer
                        #expect(answered == 1)
                    }
                    try await client.send(.halfClose(StreamID(1)))
                    #expect(try await trailers(of: 1, from: client).trailersCode == 0)
                    return true
                }
                kept = outcome.value
            }
            #expect(kept, "the connection was closed as idle in \(attempts) attempts")
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
