import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import Logging
import NIOCore
import PoleStageLive
import PoleStageServices
import PoleStageStore
import PoleStageWebSocketTransport
import ServiceLifecycle
import Synchronization
public import UnixSignals

extension PoleStageServer {
    /// Runs the server until shutdown.
    ///
    /// - Parameter signals: Signals that start a graceful shutdown (the executable passes SIGTERM and SIGINT).
    public func run(gracefulShutdownSignals signals: [UnixSignal] = []) async throws {
        defer { self.dataFolderLock?.release() }
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

        let webSocketPort = AsyncPromise<Int>()
        let app = Application(
            router: self.router(),
            server: self.httpServer(),
            // A backlog of 4096 (the kernel's usual somaxconn) rather than 256: a burst of connections, well-behaved or
            // not, waits in the kernel's queue instead of having its handshakes dropped and retried seconds later.
            configuration: .init(
                address: .hostname(self.configuration.host, port: self.configuration.port),
                backlog: 4096
            ),
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else {
                    return webSocketPort.fail(RPCError(code: .internalError, message: "The HTTP port has no address."))
                }
                webSocketPort.succeed(port)
            },
            logger: self.logger
        )

        let health = self.health
        let hub = self.hub
        let inboxHub = self.inboxHub
        let practiceHub = self.practiceHub
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
            practiceHub.close()
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: [
                // Registered first so that it stops last, once the gRPC servers have drained.
                .init(
                    service: StoreJanitor(
                        academy: self.academy,
                        basins: self.basins,
                        metrics: self.metrics,
                        logger: self.logger,
                        period: self.configuration.janitorPeriod
                            ?? min(self.configuration.storeIdleTimeout / 4, .seconds(60)),
                        clock: self.configuration.timerClock
                    )
                ),
                .init(service: LiveFeedService(hub: self.hub, inboxHub: self.inboxHub, practiceHub: self.practiceHub)),
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
        if self.stores.background != nil || self.stores.databaseReachable != nil || self.stores.presence != nil {
            // First, so that it stops last: the stores' background work and the database probe.
            groupConfiguration.services.insert(
                .init(
                    service: DatabaseMonitor(
                        stores: self.stores,
                        report: { [weak self] reachable in
                            self?.databaseReachable.store(reachable, ordering: .relaxed)
                        },
                        presence: { [hub = self.hub] in hub.presence },
                        logger: self.logger,
                        period: .seconds(1)
                    )
                ),
                at: 0
            )
        }
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
                // After the janitor, before the servers.
                at: groupConfiguration.services.count - 5
            )
        }
        let group = ServiceGroup(configuration: groupConfiguration)
        self.group.withLock { $0 = group }
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask {
                do {
                    let address = try await http2.listeningAddress
                    let port = try await webSocketPort.value
                    self.bound(webSocketPort: port, grpcPort: address.ipv4?.port ?? address.ipv6?.port ?? 0)
                } catch {
                    self.addresses.fail(error)
                }
            }
            do {
                try await group.run()
            } catch {
                webSocketPort.fail(error)
                self.addresses.fail(error)
                throw error
            }
            let stopped = RPCError(code: .unavailable, message: "The server stopped.")
            webSocketPort.fail(stopped)
            self.addresses.fail(stopped)
        }
        self.logger.notice("Drained: every call has ended, the server has stopped")
    }

    /// Publishes both ports, with the startup line that names them.
    private func bound(webSocketPort: Int, grpcPort: Int) {
        let ready = ListeningAddresses(
            host: self.configuration.host,
            port: webSocketPort,
            grpcPort: grpcPort,
            webSocketPath: self.configuration.webSocketPath,
            tls: self.tls != nil
        )
        var metadata: Logger.Metadata = [
            "websocket": "\(ready.webSocketURL)", "grpc.port": "\(ready.grpcPort)", "tls": "\(ready.tls)",
            "stores": "\(self.stores.description)",
        ]
        if let directory = self.dashboard.withLock({ $0 }) {
            let scheme = ready.tls ? "https" : "http"
            metadata["dashboard"] = "\(scheme)://\(ready.host):\(ready.port)/dashboard/"
            metadata["dashboard.directory"] = "\(directory.path)"
        }
        self.logger.info("PoleStage listening", metadata: metadata)
        self.addresses.succeed(ready)
    }
}
