import Foundation
import PoleStageTesting
import Testing

extension CrossLanguageTests {
    /// The Python client (`Clients/python`): its pytest suite, run as a subprocess against the built `polestage` binary
    /// (the suite starts `polestage serve --demo` itself). CI provides the Python (`.ci/run` installs the client into
    /// `.venv` and sets `POLESTAGE_PYTHON`); elsewhere the test is skipped unless that variable names a Python with
    /// `pip install ./Clients/python pytest grpcio-health-checking` (its import test needs the published health messages).
    /// Under CI (`CI` set) it runs even without the variable, and so fails rather than skips when the setup broke.
    @Suite("Python client over WebSocket")
    struct PythonClientTests {
        static let environment = ProcessInfo.processInfo.environment
        static let python = environment["POLESTAGE_PYTHON"]
        static let enabled = python != nil || environment["CI"] != nil

        @Test(
            "pytest Clients/python/tests passes against the polestage binary",
            .enabled(if: Self.enabled, "POLESTAGE_PYTHON is not set")
        )
        func pytest() async throws {
            try await Self.runPytest()
        }

        static func runPytest() async throws {
            let python = try #require(Self.python, "CI is set but POLESTAGE_PYTHON is not: .ci/run makes the venv")
            let binary = ExecutableTests.executable
            try #require(
                FileManager.default.isExecutableFile(atPath: binary.path),
                "no polestage binary at \(binary.path)"
            )
            let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let scratch = URL.temporaryTestDirectory()
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: scratch) }
            // pytest writes to a file, not a pipe: nothing blocks on a full pipe buffer, however much it prints.
            let log = scratch.appendingPathComponent("pytest.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let output = try FileHandle(forWritingTo: log)
            defer { try? output.close() }

            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [
                "-m", "pytest", "Clients/python/tests", "-q", "-p", "no:cacheprovider",
                "--basetemp", scratch.appendingPathComponent("pytest").path,
            ]
            process.currentDirectoryURL = repository
            var environment = Self.environment
            environment["POLESTAGE_BIN"] = binary.path
            environment["PYTHONUNBUFFERED"] = "1"
            process.environment = environment
            process.standardOutput = output
            process.standardError = output
            process.standardInput = FileHandle.nullDevice
            let (exited, exitedContinuation) = AsyncStream.makeStream(of: Int32.self)
            process.terminationHandler = { exitedContinuation.yield($0.terminationStatus) }
            try process.runWorkingAroundFoundation5472()
            let status: Int32
            do {
                status = try await withTimeout(.seconds(600)) {
                    for await status in exited { return status }
                    return -1
                }
            } catch {
                process.terminate()
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                Issue.record("pytest did not finish in 600 s:\n\(text)")
                return
            }
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(status == 0, "pytest failed (exit \(status)):\n\(text)")
            #expect(text.contains(" passed"), "\(text)")
            #expect(!text.contains(" skipped"), "a skipped test means the setup is incomplete:\n\(text)")
        }
    }
}
