// swift-tools-version:6.1
import PackageDescription

/// One set of upcoming features for every target, as Hummingbird does.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "PoleStage",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "polestage", targets: ["PoleStageCLI"]),
        .executable(name: "polestage-admin", targets: ["PoleStageAdmin"]),
        .executable(name: "polestage-watch", targets: ["PoleStageWatch"]),
        .library(name: "PoleStageWire", targets: ["PoleStageWire"]),
        .library(name: "PoleStageWebSocketTransport", targets: ["PoleStageWebSocketTransport"]),
        .library(name: "PoleStageServer", targets: ["PoleStageServer"]),
        .library(name: "PoleStageStore", targets: ["PoleStageStore"]),
        .library(name: "PoleStageProto", targets: ["PoleStageProto"]),
        .library(name: "PoleStageTesting", targets: ["PoleStageTesting"]),
        .library(name: "PoleStageInterop", targets: ["PoleStageInterop"]),
        .library(name: "PoleStageDemo", targets: ["PoleStageDemo"]),
        .library(name: "PoleStageAuth", targets: ["PoleStageAuth"]),
        .library(name: "PoleStageEquity", targets: ["PoleStageEquity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // Outbound HTTP: the signed webhooks of the inbox.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Tests only: a self-signed certificate made in the test for the TLS tests.
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        // The second storage backend, for a pôle that outgrows one machine (docs/scaling.md).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Layer 1: the frame codec. Knows bytes, not gRPC.
        .target(
            name: "PoleStageWire",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 2: GRPCCore transports (server and client) over WebSockets.
        .target(
            name: "PoleStageWebSocketTransport",
            dependencies: [
                "PoleStageWire",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSCompression", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Generated service code (committed, see scripts/generate-protos.sh).
        .target(
            name: "PoleStageProto",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 3a: storage. One GRDB DatabasePool per SQLite file: the academy and each basin.
        .target(
            name: "PoleStageStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 3a: the stores on PostgreSQL, beside the SQLite ones: the same storage protocols on one schema per basin
        // and one for the académie, with their connection settings and versioned migrations.
        .target(
            name: "PoleStagePostgres",
            dependencies: [
                "PoleStageStore",
                // Reading SQLite files for `polestage migrate-store`.
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 3a: the live feed. Reads each basin's change log after every commit and fans it out to subscribers.
        .target(
            name: "PoleStageLive",
            dependencies: [
                "PoleStageStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 3a: tokens. Signs and verifies the JWTs that carry a caller's role and tenant.
        .target(
            name: "PoleStageAuth",
            dependencies: [
                "PoleStageStore",
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        // Layer 3b: domain services.
        .target(
            name: "PoleStageServices",
            dependencies: [
                "PoleStageLive",
                "PoleStageProto",
                "PoleStageStore",
                "PoleStageAuth",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // The gRPC interoperability test service (grpc.testing), served on demand for conformance runs.
        .target(
            name: "PoleStageInterop",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // A demo académie to try the server with (`polestage serve --demo`), and the tests' and benchmarks' data.
        .target(
            name: "PoleStageDemo",
            dependencies: ["PoleStageStore", "PoleStageAuth"],
            swiftSettings: swiftSettings
        ),
        // Layer 4: the server: Hummingbird app, WebSocket route, HTTP/2 port, lifecycle.
        .target(
            name: "PoleStageServer",
            dependencies: [
                "PoleStagePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                "PoleStageWebSocketTransport",
                "PoleStageServices",
                "PoleStageProto",
                "PoleStageLive",
                "PoleStageStore",
                "PoleStageAuth",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The webhooks' requests: AsyncHTTPClient takes NIOHTTP1's method and headers.
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "PoleStageCLI",
            dependencies: [
                "PoleStagePostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                "PoleStageServer",
                "PoleStageDemo",
                "PoleStageInterop",
                "PoleStageAuth",
                "PoleStageLive",
                "PoleStageStore",
                "PoleStageWebSocketTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: swiftSettings
        ),
        // The academic coordination's console: AdminService over our WebSocket transport.
        .executableTarget(
            name: "PoleStageAdmin",
            dependencies: [
                "PoleStageWebSocketTransport",
                "PoleStageProto",
                // Offline restore only: it writes the store files itself.
                "PoleStageStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // The terminal subscriber: a basin's offer changes as they happen, resumed after a restart.
        .executableTarget(
            name: "PoleStageWatch",
            dependencies: [
                "PoleStageWebSocketTransport",
                "PoleStageProto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The equity simulation: a basin's pupils, schools and companies acting through a real server, per policy.
        .target(
            name: "PoleStageEquity",
            dependencies: [
                "PoleStageTesting",
                "PoleStageServer",
                "PoleStageStore",
                "PoleStageAuth",
                "PoleStageDemo",
                "PoleStageProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Boots the real server on port 0 and speaks raw frames, for tests and benchmarks.
        .target(
            name: "PoleStageTesting",
            dependencies: [
                "PoleStagePostgres",
                "PoleStageServer",
                "PoleStageAuth",
                "PoleStageStore",
                "PoleStageProto",
                "PoleStageWire",
                "PoleStageWebSocketTransport",
                "PoleStageInterop",
                "PoleStageDemo",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSCompression", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageWireTests",
            dependencies: ["PoleStageWire", .product(name: "NIOCore", package: "swift-nio")],
            resources: [.copy("GoldenVectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageServicesTests",
            dependencies: [
                "PoleStageServices",
                "PoleStageAuth",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                // The services called directly on in-memory stores.
                .product(name: "GRDB", package: "GRDB.swift"),
                "PoleStageLive",
                "PoleStageProto",
                "PoleStageStore",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageAuthTests",
            dependencies: ["PoleStageAuth", "PoleStageStore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageLiveTests",
            dependencies: [
                "PoleStageLive",
                "PoleStagePostgres",
                "PoleStageStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStagePostgresTests",
            dependencies: [
                "PoleStagePostgres",
                "PoleStageStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageStoreTests",
            dependencies: [
                "PoleStageStore",
                "PoleStagePostgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageWebSocketTransportTests",
            dependencies: [
                "PoleStageWebSocketTransport",
                "PoleStageWire",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The server's WebSocket handler on an EmbeddedChannel, without a socket.
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The configuration of `polestage serve`: layers, messages, the documentation's table, the example file.
        .testTarget(
            name: "PoleStageCLITests",
            dependencies: [
                "PoleStageCLI",
                "PoleStageServer",
                "PoleStageAuth",
                "PoleStageWebSocketTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PoleStageServerTests",
            dependencies: [
                "PoleStageCLI",  // built for ExecutableTests, which runs it as a process
                "PoleStageAdmin",  // built for AdminConsoleTests, which runs it as a process
                "PoleStageWatch",  // built for WatchTests, which runs it as a process
                "PoleStageTesting",
                "PoleStageEquity",
                "PoleStageServer",
                "PoleStageInterop",
                "PoleStageDemo",
                "PoleStageWire",
                "PoleStageWebSocketTransport",
                "PoleStageProto",
                "PoleStageServices",
                "PoleStageLive",
                "PoleStageAuth",
                "PoleStageStore",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                // The local HTTP receiver of the webhook tests.
                .product(name: "Hummingbird", package: "hummingbird"),
                // The server's HTTP routes called in-process, without a socket.
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["Scripts"],
            swiftSettings: swiftSettings
        ),
    ]
)
