public import Foundation
public import GRPCCore
public import Logging
public import PoleStageAuth
import PoleStageInterop
import PoleStagePostgres
public import PoleStageServer
public import PoleStageWebSocketTransport
import PostgresNIO

extension ServerConfiguration {
    /// Ephemeral loopback ports, a short grace period, a new data folder under the temporary
    /// folder (removed by ``withTestServer(_:services:unauthenticatedServices:logger:_:)``) and the test signing key.
    public static func testing(
        transport: WebSocketTransportConfiguration = .init(),
        dataDirectory: URL = .temporaryTestDirectory()
    ) -> ServerConfiguration {
        var configuration = ServerConfiguration(
            host: "127.0.0.1",
            port: 0,
            grpcPort: 0,
            transport: transport,
            shutdownGracePeriod: .seconds(5),
            dataDirectory: dataDirectory,
            signingKeys: [.testing]
        )
        // The timers wait for the test; a test of a timer gives the server a `ManualClock` and moves it.
        configuration.revocationRefreshPeriod = .seconds(3600)
        return configuration
    }
}

extension SigningKey {
    /// The fixed key of test servers: never use it anywhere else.
    public static let testing: SigningKey = {
        do {
            return try SigningKey(id: "test", secret: Array("polestage-test-key-not-for-production".utf8))
        } catch {
            fatalError("the test key is 37 bytes long: \(error)")
        }
    }()
}

extension URL {
    /// The folder that holds test data folders.
    public static let testDataRoot = FileManager.default.temporaryDirectory.appendingPathComponent(
        "polestage-tests",
        isDirectory: true
    )

    /// A new, unique data folder for one test server.
    public static func temporaryTestDirectory() -> URL {
        testDataRoot.appendingPathComponent(UUID().uuidString, isDirectory: true)
    }
}

/// Runs a real PoleStage server on ephemeral loopback ports for the duration of `body`, once a test server slot is free
/// (``withServerSlot(_:)``): `body`'s own time bounds start when its server is up.
///
/// - Parameters:
///   - configuration: The server's configuration; ``ServerConfiguration/testing(transport:dataDirectory:)`` by default.
///   - stores: SQLite files under its data folder, or a new database of its own on the test cluster.
///   - services: Services served beside PoleStage's own and the interop service (`grpc.testing.TestService`, served
///     without a token).
///   - unauthenticatedServices: Which of them are served without a token.
///   - body: Runs once both ports are bound; the server stops when it returns.
public func withTestServer<T: Sendable>(
    _ configuration: ServerConfiguration = .testing(),
    stores: TestStores = .files,
    services: [any RegistrableRPCService] = [],
    unauthenticatedServices: Set<String> = ["polestage.testing.Probe"],
    logger: Logger = .testing,
    _ body: @Sendable (PoleStageServer, ListeningAddresses) async throws -> T
) async throws -> T {
    try await withServerSlot {
        switch stores {
        case .files:
            return try await runTestServer(configuration, nil, services, unauthenticatedServices, logger, body)
        case .postgres:
            return try await withTestDatabase(logger: logger) { client, url in
                let stores = try await ServerStores.postgres(
                    client: client,
                    location: try PostgresLocation(url: url).redacted,
                    configuration: configuration.storeConfiguration,
                    logger: logger
                )
                return try await runTestServer(configuration, stores, services, unauthenticatedServices, logger, body)
            }
        }
    }
}

private func runTestServer<T: Sendable>(
    _ configuration: ServerConfiguration,
    _ stores: ServerStores?,
    _ services: [any RegistrableRPCService],
    _ unauthenticatedServices: Set<String>,
    _ logger: Logger,
    _ body: @Sendable (PoleStageServer, ListeningAddresses) async throws -> T
) async throws -> T {
    let server = try await PoleStageServer(
        configuration: configuration,
        stores: stores,
        additionalServices: [InteropTestService()] + services,
        unauthenticatedServices: unauthenticatedServices.union([InteropTestService.name]),
        logger: logger
    )
    defer {
        // A data folder made for this test goes with it.
        if configuration.dataDirectory.path.hasPrefix(URL.testDataRoot.path) {
            try? FileManager.default.removeItem(at: configuration.dataDirectory)
        }
    }
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

/// Runs `count` real PoleStage servers on one new database of the test cluster, as the nodes of one deployment, each
/// with its own data folder and ports, for the duration of `body`.
///
/// - Parameters:
///   - configuration: Each node's configuration but its data folder, which is new per node.
///   - notifies: Whether the nodes wake one another with `pg_notify` (always, but to measure what it costs).
///   - body: Runs once every node's ports are bound, with the nodes in the order they started.
/// - Throws: ``TestDatabaseUnavailable`` when `POLESTAGE_TEST_POSTGRES_URL` names no cluster.
public func withTestNodes<T: Sendable>(
    _ configuration: ServerConfiguration = .testing(),
    count: Int,
    notifies: Bool = true,
    logger: Logger = .testing,
    _ body: @Sendable ([(server: PoleStageServer, addresses: ListeningAddresses)]) async throws -> T
) async throws -> T {
    precondition(count >= 1, "a deployment has a node at least")
    return try await withServerSlot {
        try await withTestDatabase(logger: logger) { client, url in
            let location = try PostgresLocation(url: url).redacted
            return try await startNodes(count, configuration, notifies, client, location, logger, started: [], body)
        }
    }
}

/// Starts the next node and, inside its run, the ones after it.
private func startNodes<T: Sendable>(
    _ count: Int,
    _ configuration: ServerConfiguration,
    _ notifies: Bool,
    _ client: PostgresClient,
    _ location: String,
    _ logger: Logger,
    started: [(server: PoleStageServer, addresses: ListeningAddresses)],
    _ body: @Sendable ([(server: PoleStageServer, addresses: ListeningAddresses)]) async throws -> T
) async throws -> T {
    guard started.count < count else { return try await body(started) }
    var node = configuration
    node.dataDirectory = .temporaryTestDirectory()
    let stores = try await ServerStores.postgres(
        client: client,
        location: location,
        configuration: node.storeConfiguration,
        logger: logger,
        notifies: notifies
    )
    return try await runTestServer(node, stores, [], [], logger) { server, addresses in
        try await startNodes(
            count,
            configuration,
            notifies,
            client,
            location,
            logger,
            started: started + [(server, addresses)],
            body
        )
    }
}
