/// The ports the server bound, known once it is running (useful when the configuration asked for 0).
public struct ListeningAddresses: Sendable, Equatable {
    public var host: String
    /// The HTTP port: gRPC over WebSocket at ``ServerConfiguration/webSocketPath``.
    public var port: Int
    /// The native gRPC (HTTP/2) port.
    public var grpcPort: Int
    /// The path of the gRPC WebSocket route.
    public var webSocketPath: String
    /// Whether both ports serve TLS (``ServerConfiguration/tls``).
    public var tls: Bool
    /// The WebSocket URL clients connect to: `wss://` under TLS, `ws://` otherwise.
    public var webSocketURL: String

    public init(host: String, port: Int, grpcPort: Int, webSocketPath: String, tls: Bool = false) {
        self.host = host
        self.port = port
        self.grpcPort = grpcPort
        self.webSocketPath = webSocketPath
        self.tls = tls
        self.webSocketURL = "\(tls ? "wss" : "ws")://\(host):\(port)\(webSocketPath)"
    }
}
