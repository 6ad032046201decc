import GRPCCore
import NIOCore
import NIOPosix
import PoleStageInterop
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

@Suite("Swift client transport")
struct ClientTransportTests {
    @Test("a request over the server's announced limit fails before it is sent, with RESOURCE_EXHAUSTED")
    func requestOverServerLimit() async throws {
        let configuration = ServerConfiguration.testing(transport: .init(maxMessageSize: 1024))
        try await withTestServer(configuration) { _, addresses in
            try await withGRPCClient(transport: WebSocketTransport.Client(url: addresses.webSocketURL)) { client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                var large = Grpc_Testing_SimpleRequest()
                large.payload.body = .init(repeating: 1, count: 2000)
                let request = large
                let error = await #expect(throws: RPCError.self) {
                    try await withTimeout { try await test.unaryCall(request) }
                }
                #expect(error?.code == .resourceExhausted)
                #expect(error?.message == "request message of 2006 bytes exceeds the server's limit of 1024 bytes")
                // The connection is still good.
                _ = try await withTimeout { try await test.emptyCall(Grpc_Testing_Empty()) }
            }
        }
    }

    @Test("a response over the client's announced limit ends the call with RESOURCE_EXHAUSTED")
    func responseOverClientLimit() async throws {
        try await withTestServer { _, addresses in
            let transport = WebSocketTransport.Client(
                url: addresses.webSocketURL,
                configuration: .init(maxMessageSize: 1024)
            )
            try await withGRPCClient(transport: transport) { client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                var request = Grpc_Testing_SimpleRequest()
                request.responseSize = 5000
                let error = await #expect(throws: RPCError.self) { try await test.unaryCall(request) }
                #expect(error?.code == .resourceExhausted)
                #expect(error?.message == "response message of 5006 bytes exceeds the client's limit of 1024 bytes")
            }
        }
    }

    @Test("a call to a server that refuses the WebSocket fails fast with UNAVAILABLE naming the URL")
    func unreachable() async throws {
        try await withRefusingServer { port in
            let url = "ws://127.0.0.1:\(port)/grpc"
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                let error = await #expect(throws: RPCError.self) {
                    try await withTimeout { try await test.emptyCall(Grpc_Testing_Empty()) }
                }
                #expect(error?.code == .unavailable)
                #expect(error?.message.hasPrefix("Cannot connect to \(url)") == true)
            }
        }
    }

    @Test("with waitForReady a call waits for a connection instead of failing fast, until its deadline")
    func waitForReady() async throws {
        try await withRefusingServer { port in
            try await withGRPCClient(transport: WebSocketTransport.Client(url: "ws://127.0.0.1:\(port)/grpc")) {
                client in
                let test = Grpc_Testing_TestService.Client(wrapping: client)
                var patient = CallOptions.defaults
                patient.waitForReady = true
                patient.timeout = .milliseconds(300)
                let options = patient
                let error = await #expect(throws: RPCError.self) {
                    try await withTimeout { try await test.emptyCall(Grpc_Testing_Empty(), options: options) }
                }
                #expect(error?.code == .deadlineExceeded)
            }
        }
    }
}

/// Runs `body` with the port of a TCP server that closes every connection at once: a WebSocket
/// upgrade there always fails, and the port stays taken for the whole body.
private func withRefusingServer(_ body: (Int) async throws -> Void) async throws {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .childChannelInitializer { channel in channel.close() }
        .bind(host: "127.0.0.1", port: 0)
        .get()
    do {
        try await body(channel.localAddress?.port ?? 0)
    } catch {
        try? await channel.close()
        throw error
    }
    try await channel.close()
}
