import Foundation
public import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
public import Logging
import NIOCore
public import PoleStageAuth
import PoleStageInterop
public import PoleStageLive
import PoleStageProto
public import PoleStageServices
public import PoleStageStore
public import PoleStageWebSocketTransport
import ServiceLifecycle
import Synchronization
public import UnixSignals

/// The PoleStage server: every service over gRPC-over-WebSocket and over native gRPC (HTTP/2).
///
/// One list of services is registered on two `GRPCServer`s, one per transport. The HTTP server, the two
/// gRPC servers run in one `ServiceGroup`; graceful shutdown drains the gRPC servers first (in-flight
/// RPCs finish, new ones get UNAVAILABLE), then closes the HTTP server.
public final class PoleStageServer: Sendable {
    public let configuration: ServerConfiguration
    /// The WebSocket transport, exposed for its statistics.
    public let webSocketTransport: WebSocketTransport.Server
    public let health: HealthService
    /// The academy store: basins, schools, trades, companies, users.
    public let academy: AcademyStore
    /// The basins' stores, opened on demand.
    public let basins: BasinStoreRegistry
    /// Signs and verifies tokens.
    public let tokens: TokenAuthority
    /// Revoked tokens and deactivated users, cached for the authentication interceptor.
    public let revocations: RevocationList
    /// The live feed: offer changes to subscribers.
    public let hub: ChangeHub
    /// Wakes the inboxes' watchers.
    public let inboxHub: InboxHub
    /// Reads revocations made by other processes into ``revocations``, every
    /// ``ServerConfiguration/revocationRefreshPeriod``.
    private let revocationRefresher: RevocationRefresher
    private let logger: Logger
    /// The TLS certificate and key of both ports, read in `init`; plain text when `nil`.
    private let tls: TLSCredentials?
    private let addresses: Mutex<(ws: Int?, grpc: Int?, waiters: [CheckedContinuation<ListeningAddresses, any Error>])>
    private let group: Mutex<ServiceGroup?>
    private let additionalServices: [any RegistrableRPCService]
    private let publicServices: Set<String>
    let metrics = ServerMetrics()
    /// Set once a graceful shutdown starts: `/readyz` answers 503 from then on.
    private let draining = Atomic<Bool>(false)
    /// Held from `init` until ``run(gracefulShutdownSignals:)`` returns: no second server or restore on the folder.
    private let dataFolderLock: DataFolderLock
    /// The dashboard's folder when it is served (the startup line names it).
    private let dashboard = Mutex<URL?>(nil)

    /// Creates a server: opens (creating and migrating if needed) the academy store under the data folder, and loads
    /// the signing keys.
    ///
    /// - Parameters:
    ///   - configuration: Ports, limits and options.
    ///   - additionalServices: Services served beside PoleStage's own, on both transports (tests use it).
    ///   - unauthenticatedServices: Fully qualified names of additional services served without a token (tests).
    ///   - logger: The server's logger.
    /// - Throws: ``AuthConfigurationError`` for unusable keys; ``TLSCredentialsError`` for an unusable TLS certificate
    ///   or key; ``DataFolderInUse`` when another server or a restore holds the data folder; the store's error when
    ///   the data folder cannot be used.
    public init(
        configuration: ServerConfiguration = .init(),
        additionalServices: [any RegistrableRPCService] = [],
        unauthenticatedServices: Set<String> = [],
        logger: Logger = Logger(label: "polestage")
    ) async throws {
        self.configuration = configuration
        self.additionalServices = additionalServices
        self.logger = logger
        self.tls = try configuration.tls.map { files throws(TLSCredentialsError) in try TLSCredentials(files: files) }
        self.dataFolderLock = try DataFolderLock(directory: configuration.dataDirectory, holder: "polestage serve")
        var store = StoreConfiguration(
            directory: configuration.dataDirectory,
            idleTimeout: configuration.storeIdleTimeout,
            reservationHold: configuration.reservationHold,
            changeLogRetention: configuration.changeLogRetention,
            now: configuration.now
        )
        store.pupilRetention = configuration.pupilRetention
        let storeConfiguration = store
        // Opening and migrating waits for the disk: never on a thread of the cooperative pool.
        self.academy = try await withBlockingFileWork("academy") { try AcademyStore(configuration: storeConfiguration) }
        self.basins = try BasinStoreRegistry(configuration: storeConfiguration)
        self.hub = ChangeHub(basins: self.basins, configuration: configuration.live, logger: logger)
        self.inboxHub = InboxHub(
            basins: self.basins,
            heartbeatInterval: configuration.live.heartbeatInterval,
            logger: logger
        )
        let keys =
            configuration.signingKeys.isEmpty
            ? try SigningKeyFile.loadOrCreate(in: configuration.dataDirectory) : configuration.signingKeys
        self.tokens = try await TokenAuthority(keys: keys, signingKeyID: configuration.signingKeyID)
        self.revocations = RevocationList()
        self.revocations.replace(
            revokedTokens: try await self.academy.revokedTokenIDs(),
            inactiveUsers: try await self.academy.inactiveUserIDs()
        )
        self.revocationRefresher = RevocationRefresher(
            academy: self.academy,
            revocations: self.revocations,
            period: configuration.revocationRefreshPeriod,
            logger: logger
        )
        var publicServices = unauthenticatedServices
        publicServices.insert("grpc.health.v1.Health")
        // Reflection hands out the public .proto files' descriptors: generic tools list and describe without a token.
        publicServices.insert(Grpc_Reflection_V1_ServerReflection.descriptor.fullyQualifiedService)
        publicServices.insert(ReflectionService.v1alphaService)
        if configuration.interopTestService { publicServices.insert("grpc.testing.TestService") }
        self.publicServices = publicServices
        self.webSocketTransport = WebSocketTransport.Server(configuration: configuration.transport)
        self.health = HealthService()
        self.addresses = Mutex((nil, nil, []))
        self.group = Mutex(nil)
        // grpc.health.v1 answers for every service served, by its full name, as well as for the server ("").
        var router = RPCRouter<WebSocketTransport.Server>()
        for service in self.services { service.registerMethods(with: &router) }
        for name in Set(router.methods.map(\.service.fullyQualifiedService)) {
            self.health.setStatus(.serving, for: name)
        }
    }

    /// The services served on both transports.
    var services: [any RegistrableRPCService] {
        var services: [any RegistrableRPCService] = [
            self.health,
            // Subscribe's events go out pre-serialized, each change encoded once for all who see it alike; over a
            // WebSocket, the live feed writes them to waiting subscribers itself.
            OfferRPCService(
                OfferService(academy: self.academy, hub: self.hub),
                immediateWriter: Self.immediateResponseWriter
            ),
            ReservationService(academy: self.academy),
            PupilService(),
            ApplicationService(academy: self.academy),
            SignInService(academy: self.academy, basins: self.basins, tokens: self.tokens),
            InboxService(hub: self.inboxHub),
            CalendarService(academy: self.academy),
            ContactService(academy: self.academy),
            AdminService(
                academy: self.academy,
                basins: self.basins,
                tokens: self.tokens,
                revocations: self.revocations
            ),
        ]
        if self.configuration.interopTestService {
            services.append(InteropTestService())
        }
        services += self.additionalServices
        // Server reflection lists every service above, and itself.
        var router = RPCRouter<WebSocketTransport.Server>()
        for service in services { service.registerMethods(with: &router) }
        let names = router.methods.map(\.service.fullyQualifiedService)
        services.append(
            ReflectionService(
                services: names + [
                    Grpc_Reflection_V1_ServerReflection.descriptor.fullyQualifiedService,
                    ReflectionService.v1alphaService,
                ]
            )
        )
        return services
    }

    /// In a handler's task: the writer of its stream's messages that does not wait, when the WebSocket transport serves
    /// it.
    @Sendable static func immediateResponseWriter() -> (any ImmediateResponseWriting)? {
        ImmediateResponseWriter.current
    }

    /// Every RPC is counted and authenticated, on both transports, by one interceptor (``RPCMeter``); inside it, one
    /// whose deadline passed ends with DEADLINE_EXCEEDED (``DeadlineInterceptor``).
    func interceptors(transport: String) -> [any ServerInterceptor] {
        [
            AuthenticationInterceptor(
                meter: RPCMeter(metrics: self.metrics, transport: transport),
                authority: self.tokens,
                revocations: self.revocations,
                resolver: TenantResolver(academy: self.academy, basins: self.basins),
                publicServices: self.publicServices,
                logger: self.logger
            ),
            DeadlineInterceptor(),
        ]
    }

    /// Runs the server until shutdown.
    ///
    /// - Parameter signals: Signals that start a graceful shutdown (the executable passes SIGTERM and SIGINT).
    public func run(gracefulShutdownSignals signals: [UnixSignal] = []) async throws {
        defer { self.dataFolderLock.release() }
        let services = self.services
        var http2Configuration = HTTP2ServerTransport.Posix.Config.defaults
        let prefaceTimeout = TimeAmount.nanoseconds(self.configuration.requestHeadTimeout.milliseconds * 1_000_000)
        // A connection that does not send the HTTP/2 preface in time, or sends something else, is closed.
        http2Configuration.channelDebuggingCallbacks.onAcceptTCPConnection = { channel in
            HTTP2PrefaceGuard.install(on: channel, timeout: prefaceTimeout)
        }
        let http2 = HTTP2ServerTransport.Posix(
            address: .ipv4(host: self.configuration.host, port: self.configuration.grpcPort),
            transportSecurity: self.tls?.grpcTransportSecurity ?? .plaintext,
            config: http2Configuration
        )
        let webSocketServer = GRPCServer(
            transport: self.webSocketTransport,
            services: services,
            interceptors: self.interceptors(transport: "websocket")
        )
        let http2Server = GRPCServer(
            transport: http2,
            services: services,
            interceptors: self.interceptors(transport: "http2")
        )

        let router = Router()
        self.addDashboard(to: router)
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ in
            // Ready once constructed (the academy store opened in `init`), until a graceful shutdown starts.
            self.draining.load(ordering: .relaxed)
                ? Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "draining\n")))
                : Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.renderMetrics()))
            )
        }
        let app = Application(
            router: router,
            server: self.httpServer(),
            // A backlog of 4096 (the kernel's usual somaxconn) rather than 256: a burst of connections, well-behaved or
            // not, waits in the kernel's queue instead of having its handshakes dropped and retried seconds later.
            configuration: .init(
                address: .hostname(self.configuration.host, port: self.configuration.port),
                backlog: 4096
            ),
            onServerRunning: { channel in
                self.bound(ws: channel.localAddress?.port)
            },
            logger: self.logger
        )

        let health = self.health
        let hub = self.hub
        let inboxHub = self.inboxHub
        let logger = self.logger
        let onDrain: @Sendable () -> Void = {
            // Both gRPC servers drain: said once.
            guard !self.draining.exchange(true, ordering: .relaxed) else { return }
            logger.notice(
                "Draining: calls under way finish, new ones get UNAVAILABLE; live streams end with their position"
            )
            health.finishWatchers()
            // Live streams never end by themselves: they end with UNAVAILABLE and the position to resume from.
            hub.close()
            inboxHub.close()
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                // Registered first so that it stops last, once the gRPC servers have drained.
                .init(
                    service: StoreJanitor(
                        academy: self.academy,
                        basins: self.basins,
                        logger: self.logger,
                        period: self.configuration.janitorPeriod
                            ?? min(self.configuration.storeIdleTimeout / 4, .seconds(60))
                    )
                ),
                .init(service: LiveFeedService(hub: self.hub, inboxHub: self.inboxHub)),
                .init(
                    service: self.revocationRefresher
                ),
                .init(service: app),
                .init(service: GRPCServerService(server: webSocketServer, onDrain: onDrain)),
                .init(service: GRPCServerService(server: http2Server, onDrain: onDrain)),
            ],
            gracefulShutdownSignals: signals,
            logger: self.logger
        )
        groupConfiguration.maximumGracefulShutdownDuration = self.configuration.shutdownGracePeriod
        if !self.configuration.webhooks.urls.isEmpty {
            // Before the servers, so that it stops after them, with the stores still open.
            groupConfiguration.services.insert(
                .init(
                    service: WebhookSender(
                        academy: self.academy,
                        basins: self.basins,
                        configuration: self.configuration.webhooks,
                        logger: self.logger,
                        now: { [configuration = self.configuration] in
                            Int64((configuration.now().timeIntervalSince1970 * 1000).rounded())
                        }
                    )
                ),
                at: 1
            )
        }
        let group = ServiceGroup(configuration: groupConfiguration)
        self.group.withLock { $0 = group }
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask {
                let address = try await http2.listeningAddress
                self.bound(grpc: address.ipv4?.port ?? address.ipv6?.port)
            }
            do {
                try await group.run()
            } catch {
                self.failWaiters(error)
                throw error
            }
            self.failWaiters(RPCError(code: .unavailable, message: "The server stopped."))
        }
        self.logger.notice("Drained: every call has ended, the server has stopped")
    }

    /// Serves the dashboard's folder under `/dashboard/` when it exists; says so in the log when it does not.
    private func addDashboard(to router: Router<BasicRequestContext>) {
        guard let directory = self.configuration.dashboardDirectory else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            self.logger.notice(
                "The dashboard is not served: its folder is missing",
                metadata: ["directory": "\(directory.path)"]
            )
            return
        }
        router.add(middleware: DashboardMiddleware(directory: directory, logger: self.logger))
        self.dashboard.withLock { $0 = directory }
    }

    /// Sets the gauges read at scrape time, then renders every metric.
    func renderMetrics() -> String {
        self.metrics.set("polestage.websocket.connections", Double(self.webSocketTransport.connectionCount))
        self.metrics.set("polestage.websocket.streams", Double(self.webSocketTransport.outstandingBytesPerStream.count))
        self.metrics.set("polestage.stores.open", Double(self.basins.openCount))
        for (basin, feed) in self.hub.statistics {
            let dimensions = [("basin", basin.rawValue)]
            self.metrics.set("polestage.live.subscribers", Double(feed.subscribers), dimensions: dimensions)
            self.metrics.set("polestage.live.fanout.lag.seconds", feed.lastLag / 1000, dimensions: dimensions)
        }
        for (store, bytes) in self.storeSizes() {
            self.metrics.set("polestage.store.bytes", Double(bytes), dimensions: [("store", store)])
        }
        return self.metrics.render()
    }

    /// The size on disk of each store: its file and its WAL.
    private func storeSizes() -> [(String, Int)] {
        func size(_ path: String) -> Int {
            ["", "-wal"].reduce(0) { total, suffix in
                let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
                return total + ((attributes?[.size] as? NSNumber)?.intValue ?? 0)
            }
        }
        let data = self.configuration.dataDirectory
        var sizes = [("academy", size(data.appendingPathComponent("academy.sqlite").path))]
        let basins = data.appendingPathComponent("basins")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: basins.path)) ?? []
        for file in files.sorted() where file.hasSuffix(".sqlite") {
            sizes.append((String(file.dropLast(".sqlite".count)), size(basins.appendingPathComponent(file).path)))
        }
        return sizes
    }

    /// HTTP/1.1 with the WebSocket upgrade, behind a deadline for the first response; under TLS when configured: then
    /// plain text is refused first, the TLS handler comes next, and the deadline after it also closes a connection that
    /// never completes its handshake.
    private func httpServer() -> HTTPServerBuilder {
        let idle = TimeAmount.nanoseconds(self.configuration.httpIdleTimeout.milliseconds * 1_000_000)
        let headTimeout = TimeAmount.nanoseconds(self.configuration.requestHeadTimeout.milliseconds * 1_000_000)
        let maxHeadSize = self.configuration.maxRequestHeadSize
        let tlsConfiguration = self.tls?.httpConfiguration
        let (path, transport) = (self.configuration.webSocketPath, self.webSocketTransport)
        let origins = OriginPolicy(allowed: self.configuration.allowedOrigins)
        return HTTPServerBuilder { responder in
            let http = FirstResponseDeadlineChannel(
                inner: GRPCWebSocketChannel(
                    responder: responder,
                    path: path,
                    transport: transport,
                    origins: origins,
                    http1: .init(idleTimeout: idle)
                ),
                deadline: idle,
                headTimeout: headTimeout,
                maxHeadSize: maxHeadSize
            )
            guard let tlsConfiguration else { return http }
            return PlainTextRefusalChannel(inner: try TLSChannel(http, tlsConfiguration: tlsConfiguration))
        }
    }

    /// Reads the revocations and deactivations that other processes wrote to the academy store now, as the refresh
    /// does every ``ServerConfiguration/revocationRefreshPeriod``.
    public func reloadRevocations() async {
        await self.revocationRefresher.reload()
    }

    /// Starts a graceful shutdown, as SIGTERM does.
    public func triggerGracefulShutdown() async {
        let group = self.group.withLock { $0 }
        await group?.triggerGracefulShutdown()
    }

    /// Waits until both ports are bound and returns them.
    public func listeningAddresses() async throws -> ListeningAddresses {
        try await withCheckedThrowingContinuation { continuation in
            let ready: ListeningAddresses? = self.addresses.withLock { state in
                if let ws = state.ws, let grpc = state.grpc {
                    return self.makeAddresses(ws: ws, grpc: grpc)
                }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func makeAddresses(ws: Int, grpc: Int) -> ListeningAddresses {
        ListeningAddresses(
            host: self.configuration.host,
            port: ws,
            grpcPort: grpc,
            webSocketPath: self.configuration.webSocketPath,
            tls: self.tls != nil
        )
    }

    private func bound(ws: Int? = nil, grpc: Int? = nil) {
        let (ready, waiters) = self.addresses.withLock {
            state -> (ListeningAddresses?, [CheckedContinuation<ListeningAddresses, any Error>]) in
            if let ws { state.ws = ws }
            if let grpc { state.grpc = grpc }
            guard let ws = state.ws, let grpc = state.grpc else { return (nil, []) }
            defer { state.waiters.removeAll() }
            return (self.makeAddresses(ws: ws, grpc: grpc), state.waiters)
        }
        if let ready {
            var metadata: Logger.Metadata = [
                "websocket": "\(ready.webSocketURL)", "grpc.port": "\(ready.grpcPort)", "tls": "\(ready.tls)",
            ]
            if let directory = self.dashboard.withLock({ $0 }) {
                let scheme = ready.tls ? "https" : "http"
                metadata["dashboard"] = "\(scheme)://\(ready.host):\(ready.port)/dashboard/"
                metadata["dashboard.directory"] = "\(directory.path)"
            }
            self.logger.info("PoleStage listening", metadata: metadata)
            for waiter in waiters { waiter.resume(returning: ready) }
        }
    }

    private func failWaiters(_ error: any Error) {
        let waiters = self.addresses.withLock { state in
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(throwing: error) }
    }
}
