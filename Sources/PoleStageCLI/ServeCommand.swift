import ArgumentParser
import Logging
import PoleStageServer
import PoleStageWebSocketTransport
import ServiceLifecycle
import UnixSignals

/// `polestage serve`: runs the server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve gRPC over WebSocket (HTTP port) and native gRPC (HTTP/2 port)."
    )

    @Option(help: "Interface to bind.")
    var host = "127.0.0.1"

    @Option(help: "HTTP port: gRPC over WebSocket at --ws-path, /healthz. 0 picks a free port.")
    var port = 8080

    @Option(name: .customLong("grpc-port"), help: "Native gRPC (HTTP/2) port. 0 picks a free port.")
    var grpcPort = 50051

    @Option(name: .customLong("ws-path"), help: "Path of the gRPC WebSocket route.")
    var webSocketPath = "/grpc"

    @Option(name: .customLong("max-message-size"), help: "Largest gRPC message accepted, in bytes.")
    var maxMessageSize = 4 * 1024 * 1024

    @Option(name: .customLong("max-concurrent-streams"), help: "Streams one WebSocket may have open at once.")
    var maxConcurrentStreams = 128

    @Flag(name: .customLong("interop-test-service"), help: "Also serve grpc.testing.TestService (conformance runs).")
    var interopTestService = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func validate() throws {
        guard Logger.Level(rawValue: self.logLevel) != nil else {
            throw ValidationError(
                "--log-level: '\(self.logLevel)' is not one of trace, debug, info, notice, warning, error, critical"
            )
        }
        guard (0...65535).contains(self.port), (0...65535).contains(self.grpcPort) else {
            throw ValidationError("--port and --grpc-port must be between 0 and 65535")
        }
        guard self.maxMessageSize > 0, self.maxConcurrentStreams > 0 else {
            throw ValidationError("--max-message-size and --max-concurrent-streams must be positive")
        }
        guard self.webSocketPath.hasPrefix("/") else {
            throw ValidationError("--ws-path must start with '/'")
        }
    }

    func run() async throws {
        var logger = Logger(label: "polestage")
        logger.logLevel = Logger.Level(rawValue: self.logLevel) ?? .info
        let configuration = ServerConfiguration(
            host: self.host,
            port: self.port,
            grpcPort: self.grpcPort,
            webSocketPath: self.webSocketPath,
            transport: WebSocketTransportConfiguration(
                maxMessageSize: self.maxMessageSize,
                maxConcurrentStreams: self.maxConcurrentStreams
            ),
            interopTestService: self.interopTestService
        )
        let server = PoleStageServer(configuration: configuration, logger: logger)
        try await server.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
