// swift-tools-version:6.1
// Benchmarks live in their own package (as swift-nio's), so that `swift build` and CI never compile them.
// Run: swift run -c release --package-path Benchmarks TransportBenchmarks (or DomainBenchmarks)
import PackageDescription

let package = Package(
    name: "PoleStageBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "PoleStage", path: "../"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Timing and CPU accounting shared by the benchmark executables.
        .target(name: "BenchmarkSupport"),
        .executableTarget(
            name: "TransportBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PoleStageTesting", package: "PoleStage"),
                .product(name: "PoleStageServer", package: "PoleStage"),
                .product(name: "PoleStageInterop", package: "PoleStage"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The domain's figures: fan-out to subscribers, search on 100,000 offers, racing reservations.
        .executableTarget(
            name: "DomainBenchmarks",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "PoleStageTesting", package: "PoleStage"),
                .product(name: "PoleStageServer", package: "PoleStage"),
                .product(name: "PoleStageStore", package: "PoleStage"),
                .product(name: "PoleStageAuth", package: "PoleStage"),
                .product(name: "PoleStageDemo", package: "PoleStage"),
                .product(name: "PoleStageProto", package: "PoleStage"),
                .product(name: "PoleStageWebSocketTransport", package: "PoleStage"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
            ]
        ),
        // The equity simulation at full size: every policy on the same seed, figures per group (docs/equity.md).
        .executableTarget(
            name: "EquitySimulation",
            dependencies: [
                .product(name: "PoleStageEquity", package: "PoleStage")
            ]
        ),
    ]
)
