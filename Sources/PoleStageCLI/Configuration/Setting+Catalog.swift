import Foundation
import PoleStageLive
import PoleStageServer
import PoleStageStore
import PoleStageWebSocketTransport

/// Every setting of `polestage serve`, by table. Defaults come from ``ServerConfiguration``'s, so the two cannot differ.
extension Setting {
    private static let defaults = ServerConfiguration()
    private static let ports = 0...65535
    private static let positive = 1...Int(Int32.max)

    // [server]
    static let host = Setting(
        table: "server",
        key: "host",
        flag: "host",
        type: .text,
        defaultValue: .string(defaults.host),
        help: "Interface both ports bind to."
    )
    static let port = Setting(
        table: "server",
        key: "port",
        flag: "port",
        type: .integer(ports),
        defaultValue: .integer(defaults.port),
        help: "HTTP port: gRPC over WebSocket, /healthz, /readyz, /metrics, /dashboard/. 0 picks a free port."
    )

    static let dashboardDirectory = Setting(
        table: "server",
        key: "dashboard_dir",
        flag: "dashboard",
        type: .filePath,
        defaultValue: .string(defaults.dashboardDirectory?.relativePath ?? ""),
        help:
            "Folder of the live dashboard's files, served under /dashboard/; by default found from the working folder "
            + "or the executable (not served when missing)."
    )

    static let mapLibraryDirectory = Setting(
        table: "server",
        key: "map_library_dir",
        flag: "map-library",
        type: .filePath,
        defaultValue: .string("/usr/share/javascript/leaflet"),
        help:
            "Folder of the Leaflet library (Debian's libjs-leaflet puts it there), served under /dashboard/leaflet/; "
            + "without it the dashboard draws its own plain map."
    )

    static let mapTilesURL = Setting(
        table: "server",
        key: "map_tiles_url",
        flag: "map-tiles",
        type: .text,
        defaultValue: nil,
        help:
            "Tile URL template of the dashboard's map, with {z}, {x} and {y} (IGN's Géoplateforme or OpenStreetMap); "
            + "none by default: the map then draws schools, offers, reach and communes without tiles."
    )

    static let requestHeadTimeout = Setting(
        table: "server",
        key: "request_head_timeout",
        flag: "request-head-timeout",
        type: .integer(positive),
        defaultValue: .integer(Int(defaults.requestHeadTimeout.components.seconds)),
        help: "Seconds a connection has to send its first request head; then 408 and closed."
    )
    static let maxRequestHeadSize = Setting(
        table: "server",
        key: "max_request_head_size",
        flag: "max-request-head-size",
        type: .integer(positive),
        defaultValue: .integer(defaults.maxRequestHeadSize),
        help: "Largest first request head, in bytes; a larger one gets 431 and the connection closes."
    )

    // [grpc]
    static let grpcPort = Setting(
        table: "grpc",
        key: "port",
        flag: "grpc-port",
        type: .integer(ports),
        defaultValue: .integer(defaults.grpcPort),
        help: "Native gRPC (HTTP/2) port. 0 picks a free port."
    )
    static let interopTestService = Setting(
        table: "grpc",
        key: "interop_test_service",
        flag: "interop-test-service",
        type: .boolean,
        defaultValue: .boolean(false),
        help: "Also serve grpc.testing.TestService (conformance runs only)."
    )

    // [websocket]
    static let webSocketPath = Setting(
        table: "websocket",
        key: "path",
        flag: "ws-path",
        type: .urlPath,
        defaultValue: .string(defaults.webSocketPath),
        help: "Path of the gRPC WebSocket route."
    )
    static let maxMessageSize = Setting(
        table: "websocket",
        key: "max_message_size",
        flag: "max-message-size",
        type: .integer(positive),
        defaultValue: .integer(defaults.transport.maxMessageSize),
        help: "Largest gRPC message accepted, in bytes."
    )
    static let maxConcurrentStreams = Setting(
        table: "websocket",
        key: "max_concurrent_streams",
        flag: "max-concurrent-streams",
        type: .integer(positive),
        defaultValue: .integer(defaults.transport.maxConcurrentStreams),
        help: "Streams one WebSocket may have open at once."
    )
    static let allowedOrigins = Setting(
        table: "websocket",
        key: "allowed_origins",
        flag: "allowed-origin",
        type: .list,
        defaultValue: .strings(defaults.allowedOrigins),
        help: "Web origins (scheme://host[:port]) allowed to open the WebSocket besides the server's own. Repeatable."
    )

    // [storage]
    static let dataDirectory = Setting(
        table: "storage",
        key: "data_dir",
        flag: "data",
        type: .filePath,
        defaultValue: .string(defaults.dataDirectory.relativePath),
        help: "The data folder: academy.sqlite, basins/, secrets/."
    )
    static let reservationHold = Setting(
        table: "storage",
        key: "reservation_hold",
        flag: "reservation-hold",
        type: .integer(positive),
        defaultValue: .integer(Int(defaults.reservationHold.components.seconds)),
        help: "Seconds a pending reservation holds its seat."
    )
    static let pupilRetentionDays = Setting(
        table: "storage",
        key: "pupil_retention_days",
        flag: "pupil-retention-days",
        type: .integer(0...3650),
        defaultValue: .integer(Int(defaults.pupilRetention.components.seconds / 86_400)),
        help:
            "Days after a school year ends (31 August) when its pupils are deleted, with their applications and inbox."
    )
    static let database = Setting(
        table: "storage",
        key: "database",
        flag: "database",
        type: .text,
        defaultValue: nil,
        help:
            "A PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE?sslmode=require): the stores live there, shared by "
            + "every node, instead of the data folder (docs/scaling.md)."
    )
    static let demo = Setting(
        table: "storage",
        key: "demo",
        flag: "demo",
        type: .boolean,
        defaultValue: .boolean(false),
        help: "Seed a demo académie on first start (a no-op when the stores hold basins) and print a token per role."
    )

    // [live]
    static let heartbeatInterval = Setting(
        table: "live",
        key: "heartbeat_interval",
        flag: "heartbeat-interval",
        type: .integer(positive),
        defaultValue: .integer(Int(defaults.live.heartbeatInterval.components.seconds)),
        help: "Seconds of silence after which a live subscription gets a heartbeat."
    )
    static let mailboxCapacity = Setting(
        table: "live",
        key: "mailbox_capacity",
        flag: "mailbox-capacity",
        type: .integer(positive),
        defaultValue: .integer(defaults.live.mailboxCapacity),
        help: "Changes buffered per subscriber; a slower one catches up from the change log."
    )
    static let changeLogMaxEntries = Setting(
        table: "live",
        key: "change_log_max_entries",
        flag: "change-log-max-entries",
        type: .integer(positive),
        defaultValue: .integer(defaults.changeLogRetention.maxEntries),
        help: "Most change-log entries a basin keeps for subscribers that resume."
    )
    static let changeLogMaxAge = Setting(
        table: "live",
        key: "change_log_max_age",
        flag: "change-log-max-age",
        type: .integer(positive),
        defaultValue: .integer(Int(defaults.changeLogRetention.maxAge.components.seconds)),
        help: "Seconds a change-log entry is kept for subscribers that resume."
    )

    // [auth]
    static let signingKeys = Setting(
        table: "auth",
        key: "signing_keys",
        flag: "signing-key",
        type: .list,
        defaultValue: .strings([]),
        help: """
            A token signing key, KID:BASE64SECRET (at least 32 bytes). Repeatable, for rotation. Without any: \
            <data>/secrets/signing-keys, created on first start.
            """
    )
    static let signingKeyID = Setting(
        table: "auth",
        key: "signing_key_id",
        flag: "signing-key-id",
        type: .text,
        defaultValue: nil,
        help: "The key id that signs new tokens; the first key's by default."
    )

    // [log]
    static let logLevel = Setting(
        table: "log",
        key: "level",
        flag: "log-level",
        type: .choice(["trace", "debug", "info", "notice", "warning", "error", "critical"]),
        defaultValue: .string("info"),
        help: "trace, debug, info, notice, warning, error or critical."
    )
    static let logFormat = Setting(
        table: "log",
        key: "format",
        flag: "log-format",
        type: .choice(["auto", "json", "text"]),
        defaultValue: .string("auto"),
        help: "json (one object per line), text, or auto: json unless standard output is a terminal."
    )

    // [tls]
    static let tlsCertificateChain = Setting(
        table: "tls",
        key: "certificate_chain",
        flag: "tls-certificate-chain",
        type: .filePath,
        defaultValue: nil,
        help: "PEM certificate chain (server certificate first): both ports serve TLS. Needs --tls-private-key."
    )
    static let tlsPrivateKey = Setting(
        table: "tls",
        key: "private_key",
        flag: "tls-private-key",
        type: .filePath,
        defaultValue: nil,
        help: "PEM private key of the TLS certificate. Needs --tls-certificate-chain."
    )

    // [webhooks]
    static let webhookURLs = Setting(
        table: "webhooks",
        key: "urls",
        flag: "webhook-url",
        type: .list,
        defaultValue: .strings([]),
        help: "URLs (http or https) every inbox event is posted to, signed. Repeatable. Needs --webhook-secret-file."
    )
    static let webhookSecretFile = Setting(
        table: "webhooks",
        key: "secret_file",
        flag: "webhook-secret-file",
        type: .filePath,
        defaultValue: nil,
        help:
            "File holding the HMAC-SHA256 key of the webhooks' signatures: at least 32 bytes, a final newline dropped."
    )

    /// Every setting, in the order of `docs/configuration.md`.
    static let all: [Setting] = [
        .host, .port, .dashboardDirectory, .mapLibraryDirectory, .mapTilesURL, .requestHeadTimeout, .maxRequestHeadSize,
        .grpcPort, .interopTestService,
        .webSocketPath, .maxMessageSize, .maxConcurrentStreams, .allowedOrigins,
        .dataDirectory, .database, .reservationHold, .pupilRetentionDays, .demo,
        .heartbeatInterval, .mailboxCapacity, .changeLogMaxEntries, .changeLogMaxAge,
        .signingKeys, .signingKeyID,
        .logLevel, .logFormat,
        .tlsCertificateChain, .tlsPrivateKey,
        .webhookURLs, .webhookSecretFile,
    ]

    /// The file's tables, in order.
    static let tables: [String] = {
        var tables: [String] = []
        for setting in all where !tables.contains(setting.table) { tables.append(setting.table) }
        return tables
    }()

    /// An earlier name of ``signingKeys``' variable, still read when `POLESTAGE_AUTH_SIGNING_KEYS` is not set.
    static let legacySigningKeysVariable = "POLESTAGE_SIGNING_KEYS"
}
