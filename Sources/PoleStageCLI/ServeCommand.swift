import ArgumentParser
import Foundation
import Logging
import PoleStageAuth
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

    @Option(
        name: .customLong("log-format"),
        help: "json (one object per line), text, or auto: json unless standard output is a terminal."
    )
    var logFormat: String = "auto"

    @OptionGroup var storage: StorageOptions

    @Flag(help: "Seed a demo académie on first start (a no-op when the stores hold basins) and print a token per role.")
    var demo = false

    @Option(
        name: .customLong("allowed-origin"),
        help: "A web origin (scheme://host[:port]) allowed to open the WebSocket besides the server's own. Repeatable."
    )
    var allowedOrigins: [String] = []

    @Option(name: .customLong("reservation-hold"), help: "Seconds a pending reservation holds its seat.")
    var reservationHoldSeconds = 7 * 24 * 3600

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
        guard ["auto", "json", "text"].contains(self.logFormat) else {
            throw ValidationError("--log-format: '\(self.logFormat)' is not one of auto, json, text")
        }
        guard self.reservationHoldSeconds > 0 else { throw ValidationError("--reservation-hold must be positive") }
        _ = try self.storage.signingKeys()
    }

    func run() async throws {
        let json = self.logFormat == "json" || (self.logFormat == "auto" && isatty(STDOUT_FILENO) == 0)
        LoggingSystem.bootstrap { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardOutput(label: label)
        }
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
            interopTestService: self.interopTestService,
            dataDirectory: self.storage.dataDirectory,
            signingKeys: try self.storage.signingKeys(),
            signingKeyID: self.storage.signingKeyID,
            allowedOrigins: self.allowedOrigins,
            reservationHold: .seconds(self.reservationHoldSeconds)
        )
        let server = try await PoleStageServer(configuration: configuration, logger: logger)
        if self.demo {
            let (tokens, seeded) = try await DemoAcademy.seed(
                academy: server.academy,
                basins: server.basins,
                tokens: server.tokens
            )
            logger.notice(seeded ? "Demo académie seeded" : "Demo académie already present")
            // Unbuffered: a script that starts the server reads the tokens while it runs.
            let text = """
                Demo tokens (valid 30 days; basin chalon-tournus-louhans):
                  coordinator: \(tokens.coordinator)
                  animator:    \(tokens.animator)
                  school:      \(tokens.school)
                  company:     \(tokens.company)
                  pupil:       \(tokens.pupil)

                """
            // Not a log line: with JSON logs on standard output, the tokens go to standard error.
            (json ? FileHandle.standardError : FileHandle.standardOutput).write(Data(text.utf8))
        }
        try await server.run(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
