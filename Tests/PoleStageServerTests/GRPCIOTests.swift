import Foundation
import PoleStageServer
import PoleStageTesting
import Testing

/// Python's grpcio, unchanged, against the native gRPC port. CI provides it (`.ci/run` makes a venv
/// and sets `POLESTAGE_PYTHON`); elsewhere the test is skipped unless that variable names a Python with
/// grpcio.
@Suite("Python grpcio over HTTP/2")
struct GRPCIOTests {
    static let python = ProcessInfo.processInfo.environment["POLESTAGE_PYTHON"]

    @Test("grpcio calls the services unchanged", .enabled(if: Self.python != nil, "POLESTAGE_PYTHON is not set"))
    func grpcio() async throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Scripts/grpcio_check.py")
        try await withHeavyProcessSlot { try await Self.run(script) }
    }

    static func run(_ script: URL) async throws {
        try await withTestServer { _, addresses in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.python ?? "/usr/bin/python3")
            process.arguments = [script.path, "\(addresses.host):\(addresses.grpcPort)"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            let (exited, exitedContinuation) = AsyncStream.makeStream(of: Int32.self)
            process.terminationHandler = { exitedContinuation.yield($0.terminationStatus) }
            try process.runWorkingAroundFoundation5472()
            let status = try await withTimeout(.seconds(60)) {
                for await status in exited { return status }
                return -1
            }
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(status == 0, "grpcio check failed:\n\(text)")
            #expect(text.contains("ok status code and message"))
        }
    }
}
