import Foundation
public import GRPCCore
public import Logging
public import PoleStageServer
public import PoleStageWebSocketTransport

extension ServerConfiguration {
    /// Ephemeral loopback ports, the interop service on, a short grace period.
    public static func testing(transport: WebSocketTransportConfiguration = .init()) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            grpcPort: 0,
            transport: transport,
            interopTestService: true,
            shutdownGracePeriod: .seconds(5)
        )
    }
}

/// Runs a real PoleStage server on ephemeral loopback ports for the duration of `body`.
///
/// - Parameters:
///   - configuration: The server's configuration; ``ServerConfiguration/testing(transport:)`` by default.
///   - body: Runs once both ports are bound; the server stops when it returns.
public func withTestServer<T: Sendable>(
    _ configuration: ServerConfiguration = .testing(),
    services: [any RegistrableRPCService] = [],
    logger: Logger = .testing,
    _ body: @Sendable (PoleStageServer, ListeningAddresses) async throws -> T
) async throws -> T {
    let server = PoleStageServer(configuration: configuration, additionalServices: services, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        let result: Result<T, any Error>
        do {
            let addresses = try await withTimeout(.seconds(30)) { try await server.listeningAddresses() }
            result = .success(try await body(server, addresses))
        } catch {
            result = .failure(error)
        }
        // Stop as SIGTERM would; cancel if draining takes longer than the grace period.
        await server.triggerGracefulShutdown()
        try await group.waitForAll()
        return try result.get()
    }
}

extension Logger {
    /// The test servers' logger: level from `POLESTAGE_TEST_LOG_LEVEL` (default `notice`).
    public static var testing: Logger {
        var logger = Logger(label: "polestage.test")
        let level = ProcessInfo.processInfo.environment["POLESTAGE_TEST_LOG_LEVEL"].flatMap(
            Logger.Level.init(rawValue:)
        )
        logger.logLevel = level ?? .notice
        return logger
    }
}
