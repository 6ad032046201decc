public import Foundation
public import PoleStageAuth
package import PoleStageLive
public import PoleStageStore
public import PoleStageWebSocketTransport

/// Everything the server needs to start, with the embedded defaults of the quick start.
public struct ServerConfiguration: Sendable {
    /// Interface both ports bind to.
    public var host: String
    /// Port of the HTTP server: the gRPC WebSocket route, `/healthz`, `/metrics` and the dashboard. 0 picks one.
    public var port: Int
    /// Port of native gRPC over HTTP/2. 0 picks one.
    public var grpcPort: Int
    /// Path of the gRPC WebSocket route.
    public var webSocketPath: String
    /// Limits of the WebSocket transport.
    public var transport: WebSocketTransportConfiguration
    /// How long draining RPCs may run after SIGTERM before they are cancelled.
    public var shutdownGracePeriod: Duration
    /// The data folder: `academy.sqlite`, `basins/*.sqlite`, `secrets/signing-keys`.
    public var dataDirectory: URL
    /// Keys that sign and verify tokens. When empty, the server uses (or creates) `<data>/secrets/signing-keys`.
    public var signingKeys: [SigningKey]
    /// The key id new tokens are signed with; the first key's when `nil`.
    public var signingKeyID: String?
    /// Web origins allowed to open the gRPC WebSocket, besides the server's own pages.
    public var allowedOrigins: [String]
    /// A basin store unused for this long closes; the next call reopens it.
    public var storeIdleTimeout: Duration
    /// How long a pending reservation holds its seat.
    public var reservationHold: Duration
    /// An HTTP connection that has not completed a request (or the WebSocket upgrade) for this long is closed: a
    /// client that sends half a request, or bytes that are not HTTP, holds nothing for longer.
    public var httpIdleTimeout: Duration
    /// A connection whose first request head has not ended within this is answered 408 and closed (nginx's
    /// `client_header_timeout`, 60 s by default).
    public var requestHeadTimeout: Duration
    /// A first request head larger than this, in bytes, is answered 431 and closed (nginx's 4 × 8 KiB buffers).
    public var maxRequestHeadSize: Int
    /// Buffers and heartbeats of live subscriptions.
    package var live = LiveConfiguration()
    /// How much of each basin's change log is kept for subscribers that resume.
    public var changeLogRetention: ChangeLogRetention
    /// The folder of the live dashboard's static files, served under `/dashboard/`; not served when `nil` or absent.
    public var dashboardDirectory: URL?
    /// The Leaflet library's folder, served under `/dashboard/leaflet/`; the dashboard draws a plain map without it.
    public var mapLibraryDirectory: URL? = URL(fileURLWithPath: "/usr/share/javascript/leaflet")
    /// The map's tile URL template (`{z}`, `{x}`, `{y}`); no tiles when nil.
    public var mapTilesURL: String?
    /// The certificate and key that put both ports under TLS (`https`/`wss` and gRPC over TLS); plain text when `nil`.
    public var tls: TLSCertificateFiles?
    /// The clock of time stamps, week computations and expiry; tests move it.
    public var now: @Sendable () -> Date
    /// The signed webhooks of the inbox; none by default.
    public var webhooks = WebhookConfiguration()
    /// Pupils of a school year are deleted this long after the year ends (31 August), with their applications, codes
    /// and inbox.
    public var pupilRetention: Duration = .seconds(365 * 86_400)
    /// How often revocations and deactivations written by another process on the same data folder are read into the
    /// interceptor's list (this process's own reach it at once).
    public var revocationRefreshPeriod: Duration = .seconds(2)
    /// How often the store janitor prunes change logs, expires applications, sends reminders and closes idle stores;
    /// `nil`: a quarter of ``storeIdleTimeout``, at most a minute.
    public var janitorPeriod: Duration? = nil
    /// The clock the janitor and the revocation refresh wait on between rounds; tests move it by hand.
    public var timerClock: any Clock<Duration> = ContinuousClock()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        grpcPort: Int = 50051,
        webSocketPath: String = "/grpc",
        transport: WebSocketTransportConfiguration = .init(),
        shutdownGracePeriod: Duration = .seconds(10),
        dataDirectory: URL = URL(fileURLWithPath: "data", isDirectory: true),
        signingKeys: [SigningKey] = [],
        signingKeyID: String? = nil,
        allowedOrigins: [String] = [],
        storeIdleTimeout: Duration = .seconds(300),
        reservationHold: Duration = .seconds(7 * 24 * 3600),
        httpIdleTimeout: Duration = .seconds(30),
        requestHeadTimeout: Duration = .seconds(60),
        maxRequestHeadSize: Int = 32 * 1024,
        changeLogRetention: ChangeLogRetention = .init(),
        dashboardDirectory: URL? = URL(fileURLWithPath: "Clients/dashboard", isDirectory: true),
        tls: TLSCertificateFiles? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.host = host
        self.port = port
        self.grpcPort = grpcPort
        self.webSocketPath = webSocketPath
        self.transport = transport
        self.shutdownGracePeriod = shutdownGracePeriod
        self.dataDirectory = dataDirectory
        self.signingKeys = signingKeys
        self.signingKeyID = signingKeyID
        self.allowedOrigins = allowedOrigins
        self.storeIdleTimeout = storeIdleTimeout
        self.reservationHold = reservationHold
        self.httpIdleTimeout = httpIdleTimeout
        self.requestHeadTimeout = requestHeadTimeout
        self.maxRequestHeadSize = maxRequestHeadSize
        self.changeLogRetention = changeLogRetention
        self.dashboardDirectory = dashboardDirectory
        self.tls = tls
        self.now = now
    }
}

extension ServerConfiguration {
    /// What the stores take of the configuration: the data folder, clocks, holds and retention periods.
    public var storeConfiguration: StoreConfiguration {
        var store = StoreConfiguration(
            directory: self.dataDirectory,
            idleTimeout: self.storeIdleTimeout,
            reservationHold: self.reservationHold,
            changeLogRetention: self.changeLogRetention,
            now: self.now
        )
        store.pupilRetention = self.pupilRetention
        return store
    }
}
