import Foundation
public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import PoleStageLive
import PoleStageServices
import PoleStageStore
import PoleStageWebSocketTransport
import Synchronization

extension PoleStageServer {
    /// The HTTP routes besides the gRPC WebSocket (which the channel upgrades before routing): `/healthz`, `/readyz`,
    /// `/metrics`, the web application's sign-in (`/auth/…`) and the dashboard. Tests call them in-process, through
    /// Hummingbird's `Application.test(.router)`.
    public func router() -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        self.addDashboard(to: router)
        SignInRoutes(
            sessions: WebSessions(
                academy: self.academy,
                basins: self.basins,
                tokens: self.tokens,
                revocations: self.revocations
            ),
            academy: self.academy,
            limiter: self.signInLimiter,
            origins: OriginPolicy(allowed: self.configuration.allowedOrigins),
            logger: self.logger
        ).add(to: router)
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ in
            // Ready once constructed (the academy store opened in `init`), while the database answers, until a
            // graceful shutdown starts.
            if self.draining.load(ordering: .relaxed) {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "draining\n")))
            }
            guard self.databaseReachable.load(ordering: .relaxed) else {
                return Response(
                    status: .serviceUnavailable,
                    body: .init(byteBuffer: ByteBuffer(string: "database unreachable\n"))
                )
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready\n")))
        }
        router.get("/metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: self.renderMetrics()))
            )
        }
        return router
    }

    /// Serves the dashboard's folder under `/dashboard/` when it exists; says so in the log when it does not.
    private func addDashboard(to router: Router<ServerRequestContext>) {
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
        // The map: Leaflet when its folder is there (the page falls back to its own plain map), tiles when configured.
        let tiles = self.configuration.mapTilesURL
        let tileOrigin = tiles.flatMap(MapTiles.origin(ofTemplate:))
        router.add(middleware: DashboardMiddleware(directory: directory, tiles: tileOrigin, logger: self.logger))
        if let library = self.configuration.mapLibraryDirectory,
            FileManager.default.fileExists(atPath: library.appendingPathComponent("leaflet.esm.js").path)
        {
            router.add(
                middleware: DashboardMiddleware(
                    directory: library,
                    path: "/dashboard/leaflet",
                    tiles: tileOrigin,
                    logger: self.logger
                )
            )
        }
        router.get("/dashboard/map.json") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: MapTiles.configuration(tiles)))
            )
        }
        self.dashboard.withLock { $0 = directory }
    }

    /// Sets the gauges read at scrape time, then renders every metric. Reads no file: the store janitor sets the stores'
    /// sizes after each round.
    func renderMetrics() -> String {
        self.metrics.set("polestage.websocket.connections", Double(self.webSocketTransport.connectionCount))
        self.metrics.set("polestage.websocket.streams", Double(self.webSocketTransport.outstandingBytesPerStream.count))
        self.metrics.set("polestage.stores.open", Double(self.basins.activeBasins.count))
        for (basin, feed) in self.hub.statistics {
            let dimensions = [("basin", basin.rawValue)]
            self.metrics.set("polestage.live.subscribers", Double(feed.subscribers), dimensions: dimensions)
            self.metrics.set("polestage.live.fanout.lag.seconds", feed.lastLag / 1000, dimensions: dimensions)
        }
        return self.metrics.render()
    }

    /// HTTP/1.1 with the WebSocket upgrade, behind a deadline for the first response; under TLS when configured: then
    /// plain text is refused first, the TLS handler comes next, and the deadline after it also closes a connection that
    /// never completes its handshake.
    func httpServer() -> HTTPServerBuilder {
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
}
