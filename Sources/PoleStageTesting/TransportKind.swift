public import GRPCCore
import GRPCNIOTransportHTTP2
public import PoleStageServer
import PoleStageWebSocketTransport

/// The two ways a client reaches the server.
public enum TransportKind: String, CaseIterable, Sendable {
    /// gRPC over one WebSocket (our transport).
    case webSocket = "websocket"
    /// Native gRPC over HTTP/2 (grpc-swift-nio-transport).
    case http2 = "http2"
}

/// Runs `body` with a `GRPCClient` of the given kind connected to a test server.
///
/// The body is generic over the transport, so the same test code exercises both.
public protocol ClientBody: Sendable {
    associatedtype Output: Sendable
    func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws -> Output
}

extension TransportKind {
    public func withClient<Body: ClientBody>(to addresses: ListeningAddresses, _ body: Body) async throws -> Body.Output
    {
        switch self {
        case .webSocket:
            let transport = WebSocketTransport.Client(url: addresses.webSocketURL)
            return try await withGRPCClient(transport: transport) { client in try await body.run(client) }
        case .http2:
            let transport = try HTTP2ClientTransport.Posix(
                target: .ipv4(address: addresses.host, port: addresses.grpcPort),
                transportSecurity: .plaintext
            )
            return try await withGRPCClient(transport: transport) { client in try await body.run(client) }
        }
    }
}

/// Runs one interop case as a ``ClientBody``.
public struct InteropCaseBody: ClientBody {
    public let testCase: InteropTestCase
    public init(_ testCase: InteropTestCase) { self.testCase = testCase }
    public func run<Transport: ClientTransport>(_ client: GRPCClient<Transport>) async throws {
        try await self.testCase.run(with: client)
    }
}
