public import PoleStageWebSocketTransport

/// Everything the server needs to start, with the embedded defaults of the quick start.
public struct ServerConfiguration: Sendable {
    /// Interface both ports bind to.
    public var host: String
    /// Port of the HTTP server: the gRPC WebSocket route, `/healthz`, and later the dashboard. 0 picks one.
    public var port: Int
    /// Port of native gRPC over HTTP/2. 0 picks one.
    public var grpcPort: Int
    /// Path of the gRPC WebSocket route.
    public var webSocketPath: String
    /// Limits of the WebSocket transport.
    public var transport: WebSocketTransportConfiguration
    /// Serve `grpc.testing.TestService` (conformance runs only; off in production).
    public var interopTestService: Bool
    /// How long draining RPCs may run after SIGTERM before they are cancelled.
    public var shutdownGracePeriod: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        grpcPort: Int = 50051,
        webSocketPath: String = "/grpc",
        transport: WebSocketTransportConfiguration = .init(),
        interopTestService: Bool = false,
        shutdownGracePeriod: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.grpcPort = grpcPort
        self.webSocketPath = webSocketPath
        self.transport = transport
        self.interopTestService = interopTestService
        self.shutdownGracePeriod = shutdownGracePeriod
    }
}
