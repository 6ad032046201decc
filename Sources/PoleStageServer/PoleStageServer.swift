import Foundation
public import GRPCCore
public import Logging
public import PoleStageAuth
package import PoleStageLive
import PoleStageProto
package import PoleStageServices
public import PoleStageStore
public import PoleStageWebSocketTransport
import ServiceLifecycle
import Synchronization

/// The PoleStage server: every service over gRPC-over-WebSocket and over native gRPC (HTTP/2).
///
/// One list of services is registered on two `GRPCServer`s, one per transport. The HTTP server, the two
/// gRPC servers run in one `ServiceGroup`; graceful shutdown drains the gRPC servers first (in-flight
/// RPCs finish, new ones get UNAVAILABLE), then closes the HTTP server.
public final class PoleStageServer: Sendable {
    public let configuration: ServerConfiguration
    /// The WebSocket transport, exposed for its statistics.
    public let webSocketTransport: WebSocketTransport.Server
    package let health: HealthService
    /// The academy store: basins, schools, trades, companies, users.
    public let academy: any AcademyStorage
    /// The basins' stores, opened on demand.
    public let basins: any BasinDirectory
    /// Signs and verifies tokens.
    public let tokens: TokenAuthority
    /// Revoked tokens and deactivated users, cached for the authentication interceptor.
    public let revocations: RevocationList
    /// The live feed: offer changes to subscribers.
    package let hub: ChangeHub
    /// Wakes the inboxes' watchers.
    package let inboxHub: InboxHub
    /// Wakes the watchers of the good-practice space.
    package let practiceHub: PracticeHub
    /// Failed web sign-ins per client address.
    let signInLimiter: SignInLimiter
    /// Reads revocations made by other processes into ``revocations``, every
    /// ``ServerConfiguration/revocationRefreshPeriod``.
    let revocationRefresher: RevocationRefresher
    let logger: Logger
    /// The TLS certificate and key of both ports, read in `init`; plain text when `nil`.
    let tls: TLSCredentials?
    /// Both ports, once bound.
    let addresses = AsyncPromise<ListeningAddresses>()
    let group = Mutex<ServiceGroup?>(nil)
    let additionalServices: [any RegistrableRPCService]
    let publicServices: Set<String>
    let metrics = ServerMetrics()
    /// Set once a graceful shutdown starts: `/readyz` answers 503 from then on.
    let draining = Atomic<Bool>(false)
    /// Held from `init` until ``run(gracefulShutdownSignals:)`` returns: no second server or restore on the folder.
    /// None on PostgreSQL, where the folder holds no data.
    let dataFolderLock: DataFolderLock?
    /// Where the data is.
    let stores: ServerStores
    /// Whether the database answered at its last probe (always on SQLite files): `/readyz` follows it.
    let databaseReachable = Atomic<Bool>(true)
    /// The dashboard's folder when it is served (the startup line names it).
    let dashboard = Mutex<URL?>(nil)

    /// Creates a server: opens (creating and migrating if needed) the academy store, under the data folder unless
    /// `stores` says otherwise, and loads the signing keys.
    ///
    /// - Parameters:
    ///   - configuration: Ports, limits and options.
    ///   - stores: Where the data is: `nil` for SQLite files under the configuration's data folder;
    ///     ``ServerStores/postgres(client:location:configuration:logger:)`` for a database shared by several nodes.
    ///   - additionalServices: Services served beside PoleStage's own, on both transports (tests use it).
    ///   - unauthenticatedServices: Fully qualified names of additional services served without a token (tests).
    ///   - logger: The server's logger.
    /// - Throws: ``AuthConfigurationError`` for unusable keys; ``TLSCredentialsError`` for an unusable TLS certificate
    ///   or key; ``DataFolderInUse`` when another server or a restore holds the data folder; the store's error when
    ///   the data folder cannot be used.
    public init(
        configuration: ServerConfiguration = .init(),
        stores: ServerStores? = nil,
        additionalServices: [any RegistrableRPCService] = [],
        unauthenticatedServices: Set<String> = [],
        logger: Logger = Logger(label: "polestage")
    ) async throws {
        self.configuration = configuration
        self.additionalServices = additionalServices
        self.logger = logger
        self.tls = try configuration.tls.map { files throws(TLSCredentialsError) in try TLSCredentials(files: files) }
        let opened: ServerStores
        if let stores {
            opened = stores
        } else {
            opened = try await ServerStores.files(configuration.storeConfiguration)
        }
        let stores = opened
        self.dataFolderLock =
            stores.locksDataFolder
            ? try DataFolderLock(directory: configuration.dataDirectory, holder: "polestage serve") : nil
        self.stores = stores
        self.academy = stores.academy
        self.basins = stores.basins
        self.hub = ChangeHub(basins: self.basins, configuration: configuration.live, logger: logger)
        self.inboxHub = InboxHub(
            basins: self.basins,
            heartbeatInterval: configuration.live.heartbeatInterval,
            logger: logger
        )
        self.practiceHub = PracticeHub(heartbeatInterval: configuration.live.heartbeatInterval)
        self.signInLimiter = SignInLimiter(now: { [now = configuration.now] in
            Int64((now().timeIntervalSince1970 * 1000).rounded())
        })
        let keys =
            configuration.signingKeys.isEmpty ? try await stores.storedSigningKeys() : configuration.signingKeys
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
            clock: configuration.timerClock,
            logger: logger
        )
        var publicServices = unauthenticatedServices
        publicServices.insert("grpc.health.v1.Health")
        // Reflection hands out the public .proto files' descriptors: generic tools list and describe without a token.
        publicServices.insert(Grpc_Reflection_V1_ServerReflection.descriptor.fullyQualifiedService)
        publicServices.insert(ReflectionService.v1alphaService)
        self.publicServices = publicServices
        self.webSocketTransport = WebSocketTransport.Server(configuration: configuration.transport)
        self.health = HealthService()
        // grpc.health.v1 answers for every service served, by its full name, as well as for the server ("").
        var router = RPCRouter<WebSocketTransport.Server>()
        for service in self.services { service.registerMethods(with: &router) }
        for name in Set(router.methods.map(\.service.fullyQualifiedService)) {
            self.health.setStatus(.serving, for: name)
        }
    }

    /// Starts a graceful shutdown, as SIGTERM does.
    public func triggerGracefulShutdown() async {
        let group = self.group.withLock { $0 }
        await group?.triggerGracefulShutdown()
    }

    /// Waits until both ports are bound and returns them.
    ///
    /// - Throws: The error that stopped the server before both ports were bound; UNAVAILABLE when it stopped.
    public func listeningAddresses() async throws -> ListeningAddresses {
        try await self.addresses.value
    }
}
