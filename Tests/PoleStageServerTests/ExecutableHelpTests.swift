import Foundation
import PoleStageTesting
import Testing

/// What a process printed and how it ended.
struct Outcome {
    var code: Int32
    var out: String
    var err: String
}

/// Runs `executable` to its end; its output goes to files, so no pipe fills up.
func runToEnd(
    _ executable: URL,
    _ arguments: [String],
    environment: [String: String]? = nil,
    timeout: Duration = .seconds(60)
) async throws -> Outcome {
    let folder = URL.temporaryTestDirectory()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("out")
    let errURL = folder.appendingPathComponent("err")
    #expect(FileManager.default.createFile(atPath: outURL.path, contents: nil))
    #expect(FileManager.default.createFile(atPath: errURL.path, contents: nil))
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment ?? ProcessInfo.processInfo.environment
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    let code = try await withTimeout(timeout) {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.runWorkingAroundFoundation5472()
            } catch {
                continuation.resume(returning: -1)
            }
        }
    }
    return Outcome(
        code: code,
        out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
        err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    )
}

/// Every executable answers `--help` and `-h` with its usage on standard output and 0, and names an unknown option.
@Suite("Executables: help and unknown options")
struct ExecutableHelpTests {
    static let executables = ["polestage", "polestage-admin", "polestage-watch"]

    static func executable(_ name: String) -> URL {
        ExecutableTests.executable.deletingLastPathComponent().appendingPathComponent(name)
    }

    @Test("--help and -h print the usage and exit 0", arguments: executables, ["--help", "-h"])
    func help(name: String, flag: String) async throws {
        // No token in the environment: help must not depend on one.
        var environment = ProcessInfo.processInfo.environment
        environment["POLESTAGE_TOKEN"] = nil
        let outcome = try await runToEnd(Self.executable(name), [flag], environment: environment)
        #expect(outcome.code == 0, "\(outcome.err)")
        #expect(outcome.out.hasPrefix("OVERVIEW: "), "\(outcome.out)")
        #expect(outcome.out.contains("USAGE: \(name)"), "\(outcome.out)")
        #expect(!outcome.err.contains("Can't read a value"), "\(outcome.err)")
    }

    @Test("an unknown option is named, with exit code 2 for polestage-watch", arguments: executables)
    func unknownOption(name: String) async throws {
        var environment = ProcessInfo.processInfo.environment
        environment["POLESTAGE_TOKEN"] = nil
        let outcome = try await runToEnd(Self.executable(name), ["--bogus"], environment: environment)
        #expect(outcome.code != 0)
        if name == "polestage-watch" { #expect(outcome.code == 2) }
        #expect(outcome.err.contains("Unknown option '--bogus'"), "\(outcome.err)")
    }
}
