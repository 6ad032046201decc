import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

@Suite("Subprotocol negotiation")
struct SubprotocolTests {
    @Test(
        "a client offering several subprotocols gets ours",
        arguments: [
            ["chat.v2", WebSocketTransport.subprotocol],
            [WebSocketTransport.subprotocol, "polestage.grpc.v0"],
        ]
    )
    func picksOurs(offered: [String]) async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses, subprotocols: offered) { socket in
                #expect(socket.status == 101)
                #expect(socket.header("Sec-WebSocket-Protocol") == WebSocketTransport.subprotocol)
            }
        }
    }

    @Test("a client offering none of ours is refused with 400", arguments: [[], ["chat.v2"], ["polestage.grpc.v2"]])
    func refusesOthers(offered: [String]) async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses, subprotocols: offered) { socket in
                #expect(socket.status == 400)
            }
            try await expectServerStillServes(addresses)
        }
    }
}
