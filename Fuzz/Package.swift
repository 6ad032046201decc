// swift-tools-version:6.1
// libFuzzer targets for the wire codec live in their own package (as Benchmarks/), so that `swift build` and CI
// never compile them with the fuzzer's instrumentation. Build and run: scripts/fuzz.sh [SECONDS] (see README.md).
import PackageDescription

/// The root package's upcoming features, so the harness reads like the code it checks.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "PoleStageFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "PoleStage", path: "../"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // The properties both fuzzers check, as plain functions: no libFuzzer symbol, so they can be
        // called from a test or a debugger on one input.
        .target(
            name: "FuzzChecks",
            dependencies: [
                .product(name: "PoleStageWire", package: "PoleStage"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // One input = one binary WebSocket message, decoded as the transport's read loops do.
        .executableTarget(
            name: "FrameDecoderFuzzer",
            dependencies: ["FuzzChecks"],
            swiftSettings: swiftSettings
        ),
        // One input = a selector byte and a control frame body (SETTINGS, OPEN, HEADERS, TRAILERS, RESET,
        // WINDOW_UPDATE, GOAWAY) behind a valid header, so every mutation lands in the body decoders.
        .executableTarget(
            name: "ControlBodyFuzzer",
            dependencies: ["FuzzChecks"],
            swiftSettings: swiftSettings
        ),
    ]
)
