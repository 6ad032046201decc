import GRPCCore
import NIOCore
import PoleStageInterop
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import PoleStageWire
import SwiftProtobuf
import Testing

/// The WebSocket layer of the server's connections (`WebSocketConnectionHandler`): control frames, reassembly, the
/// frames a library would not send, and the upgrade's negotiation, on a real socket.
@Suite("WebSocket channel")
struct WebSocketChannelTests {
    @Test("a ping is answered with a pong carrying its payload")
    func pingPong() async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                #expect(socket.status == 101)
                try await socket.sendFrame(opcode: 0x9, ByteBuffer(string: "are you there"))
                let pong = try await withTimeout { () -> ByteBuffer? in
                    while let (opcode, _, payload) = try await socket.nextFrame() {
                        if opcode == 0xA { return payload }
                    }
                    return nil
                }
                #expect(pong.map { String(buffer: $0) } == "are you there")
            }
        }
    }

    @Test("a client's close is answered with a close echoing its code, then the connection closes")
    func closeHandshake() async throws {
        try await withTestServer { server, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                var close = ByteBuffer()
                close.writeInteger(UInt16(4000))
                close.writeString("bye")
                try await socket.sendFrame(opcode: 0x8, close)
                let answer = try await withTimeout { try await socket.nextClose() }
                #expect(answer?.code == 4000)
                try await withTimeout { try await socket.waitForServerToClose() }
            }
            try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
        }
    }

    @Test("a burst of responses past the channel's write buffer arrives whole, in order")
    func burstPastTheWriteBuffer() async throws {
        // Uncompressed, so that the bytes written are the bytes sent: 1 MiB per call, four windows of 256 KiB, each
        // far past NIO's 64 KiB write buffer, so the writer waits for the channel to drain, again and again.
        let configuration = ServerConfiguration.testing(transport: .init(compression: false))
        try await withTestServer(configuration) { _, addresses in
            try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                let request = Grpc_Testing_StreamingOutputCallRequest.with {
                    $0.responseParameters = (0..<256).map { index in .with { $0.size = 4096 + Int32(index) } }
                }
                let sizes = try await withTimeout(.seconds(60)) {
                    try await test.streamingOutputCall(request) { response in
                        var sizes: [Int] = []
                        for try await message in response.messages { sizes.append(message.payload.body.count) }
                        return sizes
                    }
                }
                #expect(sizes == (0..<256).map { 4096 + $0 })
            }
        }
    }

    @Test("a client that goes away without a close frame is dropped at once, not after the close timeout")
    func vanishingClient() async throws {
        // A close timeout far longer than the test's bound: only the end of the TCP input can close the connection.
        let configuration = ServerConfiguration.testing(transport: .init(closeTimeout: .seconds(120)))
        try await withTestServer(configuration) { server, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                #expect(socket.status == 101)
                try await socket.sendBinary(FrameEncoder.encode(RawFrameClient.settings()))
                try await withTimeout { await server.webSocketTransport.waitForConnectionCount(atMost: 1) }
            }
            try await withTimeout(.seconds(30)) { await server.webSocketTransport.waitForConnectionCount(atMost: 0) }
        }
    }

    enum BadFrame: String, CaseIterable, Sendable {
        case compressedWithoutDeflate, reservedBits, orphanContinuation, interleavedMessage, unknownOpcode, unmasked

        func send(on socket: RawSocket) async throws {
            let settings = FrameEncoder.encode(RawFrameClient.settings())
            switch self {
            case .compressedWithoutDeflate:
                try await socket.sendFrame(opcode: 0x2, reservedBits: 0x40, settings)
            case .reservedBits:
                try await socket.sendFrame(opcode: 0x2, reservedBits: 0x20, settings)
            case .orphanContinuation:
                try await socket.sendFrame(opcode: 0x0, settings)
            case .interleavedMessage:
                try await socket.sendFrame(opcode: 0x2, fin: false, settings)
                try await socket.sendFrame(opcode: 0x2, settings)
            case .unknownOpcode:
                try await socket.sendFrame(opcode: 0x3, settings)
            case .unmasked:
                try await socket.sendUnmaskedBinary(settings)
            }
        }

        var reason: String {
            switch self {
            case .compressedWithoutDeflate: "RSV1 is set but permessage-deflate was not agreed"
            case .reservedBits: "reserved bits RSV2 and RSV3 must be clear"
            case .orphanContinuation: "a continuation frame with no message to continue"
            case .interleavedMessage: "a new message began before the last one ended"
            case .unknownOpcode: "unknown opcode"
            case .unmasked: "client frames must be masked (RFC 6455 §5.1)"
            }
        }
    }

    @Test("a frame that breaks RFC 6455 closes the connection with 1002 and why", arguments: BadFrame.allCases)
    func badFrames(bad: BadFrame) async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                try await bad.send(on: socket)
                let close = try await withTimeout { try await socket.nextClose() }
                #expect(close?.code == 1002)
                #expect(close?.reason.hasPrefix(bad.reason) == true)
            }
            try await expectServerStillServes(addresses)
        }
    }

    @Test("a message whose fragments add up past the limit closes the connection with 1009")
    func fragmentsPastTheLimit() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxMessageSize: 1024, compression: false))
        try await withTestServer(configuration) { _, addresses in
            try await RawSocket.withUpgrade(to: addresses) { socket in
                // Each fragment is well under the limit of 2 × 1024 + 1024 bytes; together they are over it.
                let fragment = ByteBuffer(repeating: 0, count: 1000)
                try await socket.sendFrame(opcode: 0x2, fin: false, fragment)
                for _ in 0..<3 { try await socket.sendFrame(opcode: 0x0, fin: false, fragment) }
                let close = try await withTimeout { try await socket.nextClose() }
                #expect(close?.code == 1009)
                #expect(close?.reason == "message too big")
            }
        }
    }

    @Test("an upgrade on another path is refused with 400")
    func otherPath() async throws {
        try await withTestServer { _, addresses in
            let status = try await RawSocket.withUpgrade(
                host: addresses.host,
                port: addresses.port,
                path: "/elsewhere",
                subprotocols: [WebSocketTransport.subprotocol]
            ) { $0.status }
            #expect(status == 400)
            try await expectServerStillServes(addresses)
        }
    }

    @Test(
        "permessage-deflate: the first offer the server can honour is accepted, within the client's window",
        arguments: [
            (
                "permessage-deflate",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12"
            ),
            (
                "permessage-deflate; server_max_window_bits=10; client_max_window_bits",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; "
                    + "client_max_window_bits=12"
            ),
            (
                "permessage-deflate; client_max_window_bits=9",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12; "
                    + "client_max_window_bits=9"
            ),
            ("permessage-deflate; client_max_window_bits=16", nil),
            (
                "permessage-deflate; server_max_window_bits=8, permessage-deflate",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=12"
            ),
            ("permessage-deflate; unknown_parameter", nil),
            ("permessage-deflate; ; server_no_context_takeover", nil),
            ("x-webkit-deflate-frame", nil),
        ] as [(String, String?)]
    )
    func deflateNegotiation(offer: String, expected: String?) async throws {
        try await withTestServer { _, addresses in
            try await RawSocket.withUpgrade(to: addresses, extraHeaders: [("Sec-WebSocket-Extensions", offer)]) {
                socket in
                #expect(socket.status == 101)
                #expect(socket.header("Sec-WebSocket-Extensions") == expected)
            }
        }
    }
}
