import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

/// The `polestage` executable, run as a process: it serves, and SIGTERM or SIGINT stop it cleanly.
@Suite("polestage executable")
struct ExecutableTests {
    /// The built `polestage` binary, beside the test bundle.
    static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = bundle.deletingLastPathComponent()
        while !directory.path.isEmpty, directory.path != "/" {
            let candidate = directory.appendingPathComponent("polestage")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return bundle.deletingLastPathComponent().appendingPathComponent("polestage")
    }

    @Test("serves over WebSocket, then exits 0 on the signal", arguments: [SIGTERM, SIGINT])
    func servesAndStops(signal: Int32) async throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "0", "--grpc-port", "0"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let (lines, linesContinuation) = AsyncStream.makeStream(of: String.self)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                linesContinuation.finish()
            } else {
                for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                    linesContinuation.yield(String(line))
                }
            }
        }
        let (exited, exitedContinuation) = AsyncStream.makeStream(of: Int32.self)
        process.terminationHandler = { process in
            exitedContinuation.yield(process.terminationStatus)
            exitedContinuation.finish()
        }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The log line "websocket=ws://127.0.0.1:PORT/grpc" tells the bound port.
        let url = try await withTimeout(.seconds(30)) {
            for await line in lines {
                if let range = line.range(of: "websocket=") {
                    return String(line[range.upperBound...].split(separator: " ")[0])
                }
            }
            throw TestFailure("the server exited before listening")
        }
        let status = try await withTimeout {
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                try await Grpc_Health_V1_Health.Client(wrapping: client).check(Grpc_Health_V1_HealthCheckRequest())
                    .status
            }
        }
        #expect(status == .serving)

        kill(process.processIdentifier, signal)
        let code = try await withTimeout(.seconds(30)) {
            for await code in exited { return code }
            return -1
        }
        #expect(code == 0)
    }
}
