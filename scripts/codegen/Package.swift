// swift-tools-version:6.1
// Builds the protoc plugins used by scripts/generate-protos.sh. Never built by CI.
import PackageDescription

let package = Package(
    name: "PoleStageCodegen",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
    ],
    targets: []
)
