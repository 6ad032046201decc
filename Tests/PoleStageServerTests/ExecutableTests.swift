import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

/// The `polestage` executable, run as a process: it serves, seeds the demo, issues tokens, and SIGTERM or SIGINT stop
/// it cleanly.
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

    /// A `polestage` process (or another `executable`) whose output is read line by line.
    final class Running: Sendable {
        let process: Process
        let lines: AsyncStream<String>
        let exited: AsyncStream<Int32>
        /// The process's standard input, when it was started with `input: true`.
        let input: FileHandle?

        /// Starts `polestage` with `arguments`, and the test's environment plus `environment`.
        init(
            _ arguments: [String],
            executable: URL = ExecutableTests.executable,
            environment: [String: String] = [:],
            currentDirectory: URL? = nil,
            input: Bool = false
        ) throws {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            if !environment.isEmpty {
                process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            }
            if let currentDirectory { process.currentDirectoryURL = currentDirectory }
            let inputPipe = input ? Pipe() : nil
            if let inputPipe { process.standardInput = inputPipe }
            self.input = inputPipe?.fileHandleForWriting
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            let (lines, linesContinuation) = AsyncStream.makeStream(of: String.self)
            // A thread of its own reads the pipe with blocking reads until end of file, and splits whole lines.
            let reader = output.fileHandleForReading
            Thread.detachNewThread {
                var pending = Data()
                while true {
                    let data = reader.availableData
                    if data.isEmpty { break }
                    pending.append(data)
                    while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                        linesContinuation.yield(String(decoding: pending[..<newline], as: UTF8.self))
                        pending.removeSubrange(...newline)
                    }
                }
                if !pending.isEmpty { linesContinuation.yield(String(decoding: pending, as: UTF8.self)) }
                linesContinuation.finish()
            }
            let (exited, exitedContinuation) = AsyncStream.makeStream(of: Int32.self)
            process.terminationHandler = { process in
                exitedContinuation.yield(process.terminationStatus)
                exitedContinuation.finish()
            }
            try process.runWorkingAroundFoundation5472()
            self.process = process
            self.lines = lines
            self.exited = exited
        }

        /// Reads lines until the "listening" log line, which tells the bound port; returns the URL and every line
        /// read before it.
        func waitUntilListening() async throws -> (url: String, before: [String]) {
            let (line, before) = try await self.waitForListeningLine()
            return (try #require(Self.field("websocket", in: line)), before)
        }

        /// Reads lines until the "listening" log line; returns it and every line read before it.
        func waitForListeningLine() async throws -> (line: String, before: [String]) {
            try await withTimeout(.seconds(60)) {
                var before: [String] = []
                for await line in self.lines {
                    if Self.field("websocket", in: line) != nil { return (line, before) }
                    before.append(line)
                }
                throw TestFailure("the server exited before listening: \(before.joined(separator: "\n"))")
            }
        }

        /// A metadata field of a log line: text logs say `websocket=ws://…`, JSON logs `"websocket":"ws://…"`.
        static func field(_ name: String, in line: String) -> String? {
            if let range = line.range(of: " \(name)=") {
                return String(line[range.upperBound...].prefix { $0 != " " })
            }
            if let range = line.range(of: "\"\(name)\":\"") {
                return String(line[range.upperBound...].prefix { $0 != "\"" })
            }
            return nil
        }

        func exitCode(within timeout: Duration = .seconds(30)) async throws -> Int32 {
            try await withTimeout(timeout) {
                for await code in self.exited { return code }
                return -1
            }
        }

        func output() async throws -> String {
            try await withTimeout(.seconds(30)) {
                var all: [String] = []
                for await line in self.lines { all.append(line) }
                return all.joined(separator: "\n")
            }
        }

        /// Writes one line to the process's standard input.
        func send(_ line: String) throws {
            try #require(self.input).write(contentsOf: Data((line + "\n").utf8))
        }

        /// Reads lines until one starts with `prefix`; returns it.
        func line(startingWith prefix: String, timeout: Duration = .seconds(60)) async throws -> String {
            try await withTimeout(timeout) {
                var before: [String] = []
                for await line in self.lines {
                    if line.hasPrefix(prefix) { return line }
                    before.append(line)
                }
                throw TestFailure(
                    "no line starting with '\(prefix)'; the output was:\n\(before.joined(separator: "\n"))"
                )
            }
        }

        func stop(_ signal: Int32 = SIGTERM, within timeout: Duration = .seconds(30)) async throws -> Int32 {
            kill(self.process.processIdentifier, signal)
            return try await self.exitCode(within: timeout)
        }

        deinit {
            if self.process.isRunning { self.process.terminate() }
        }
    }

    /// A new data folder for `polestage` processes, removed after `body`; `body` runs in a test server slot
    /// (``withServerSlot(_:)``), as the servers it starts are test servers too.
    static func withDataDirectory<T: Sendable>(_ body: (String) async throws -> T) async throws -> T {
        try await withServerSlot {
            let directory = URL.temporaryTestDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            return try await body(directory.path)
        }
    }

    @Test(
        "serves over WebSocket and the dashboard from any working folder, then drains and exits 0 on the signal",
        arguments: [SIGTERM, SIGINT]
    )
    func servesAndStops(signal: Int32) async throws {
        try await Self.withDataDirectory { data in
            // Started outside the repository: the dashboard is found from the executable, and the startup line says
            // where it is served.
            let server = try Running(
                ["serve", "--port", "0", "--grpc-port", "0", "--data", data],
                currentDirectory: FileManager.default.temporaryDirectory
            )
            let (listening, _) = try await server.waitForListeningLine()
            let url = try #require(Running.field("websocket", in: listening))
            let page = url.replacingOccurrences(of: "ws://", with: "http://")
                .replacingOccurrences(of: "/grpc", with: "/dashboard/")
            #expect(listening.contains("\"dashboard\":\"\(page)\""), "\(listening)")
            #expect(listening.contains("Clients/dashboard"), "\(listening)")
            let status = try await withTimeout {
                try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).check(Grpc_Health_V1_HealthCheckRequest())
                        .status
                }
            }
            #expect(status == .serving)
            #expect(try await server.stop(signal) == 0)
            let after = try await server.output()
            #expect(after.contains("Draining: calls under way finish"), "\(after)")
            #expect(after.contains("Drained: every call has ended"), "\(after)")
        }
    }

    /// The demo tokens printed by `serve --demo`, by role.
    static func tokens(in lines: [String]) -> [String: String] {
        var tokens: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, ["coordinator", "animator", "school", "company", "pupil"].contains(parts[0]) {
                tokens[parts[0]] = parts[1]
            }
        }
        return tokens
    }

    static func search(_ url: String, token: String) async throws -> Polestage_Offers_V1_SearchOffersResponse {
        try await withTimeout {
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                try await Polestage_Offers_V1_OfferService.Client(wrapping: client).searchOffers(
                    .with { $0.pageSize = 100 },
                    metadata: ["authorization": "Bearer \(token)"]
                )
            }
        }
    }

    @Test("--demo seeds the académie once, prints working tokens, and they survive a restart")
    func demo() async throws {
        try await Self.withDataDirectory { data in
            let first = try Running(["serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data])
            let (url, before) = try await first.waitUntilListening()
            #expect(before.contains { $0.contains("Demo académie seeded") })
            let tokens = Self.tokens(in: before)
            #expect(tokens.count == 5)
            let school = try #require(tokens["school"])
            let found = try await Self.search(url, token: school)
            #expect(found.offers.count > 20)
            #expect(found.offers.map(\.distanceKm) == found.offers.map(\.distanceKm).sorted())
            #expect(try await first.stop() == 0)

            let second = try Running(["serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data])
            let (again, secondLines) = try await second.waitUntilListening()
            #expect(secondLines.contains { $0.contains("Demo académie already present") })
            let sameOffers = try await Self.search(again, token: school)
            #expect(sameOffers.offers.map(\.id) == found.offers.map(\.id))
            #expect(try await second.stop() == 0)

            // `polestage token` signs with the same key file.
            let issue = try Running([
                "token", "--data", data, "--role", "animator", "--user", "ops-1", "--basin", "chalon-tournus-louhans",
            ])
            // Standard output and error together: the token, then its id.
            let printed = try await issue.output().split(separator: "\n").map(String.init)
            let token = try #require(printed.first { !$0.hasPrefix("token id: ") })
            #expect(try await issue.exitCode() == 0)
            let tokenID = try #require(printed.last { $0.hasPrefix("token id: ") }?.dropFirst("token id: ".count))
            let third = try Running(["serve", "--port", "0", "--grpc-port", "0", "--data", data])
            let (url3, _) = try await third.waitUntilListening()
            let byAnimator = try await Self.search(url3, token: token)
            #expect(!byAnimator.offers.isEmpty)
            // Recorded in the academy: the coordinator lists it and revokes it by its id.
            let coordinator = try #require(tokens["coordinator"])
            let listed = try await runToEnd(
                AdminConsoleTests.executable,
                ["token", "list", "ops-1", "--url", url3, "--token", coordinator]
            )
            #expect(listed.code == 0 && listed.out.contains(String(tokenID)), "\(listed.out)\(listed.err)")
            #expect(listed.out.contains("chalon-tournus-louhans"))
            let revoked = try await runToEnd(
                AdminConsoleTests.executable,
                ["token", "revoke", String(tokenID), "--url", url3, "--token", coordinator]
            )
            #expect(revoked.code == 0, "\(revoked.err)")
            #expect(try await third.stop() == 0)
        }
    }

    @Test("--log-format json: every line is one JSON object; a refusal carries a request id and never the token")
    func jsonLogs() async throws {
        try await Self.withDataDirectory { data in
            let key = "k1:" + Data(repeating: 42, count: 32).base64EncodedString()
            let issue = try Running([
                "token", "--signing-key", key, "--data", data, "--role", "school", "--user", "u-9", "--school",
                "0710011B",
            ])
            let printed = try await issue.output().split(separator: "\n").map(String.init)
            let token = try #require(printed.first { !$0.hasPrefix("token id: ") })
            #expect(printed.contains { $0.hasPrefix("token id: ") && $0.hasSuffix("so it cannot be revoked by id)") })
            #expect(try await issue.exitCode() == 0)
            let server = try Running([
                "serve", "--port", "0", "--grpc-port", "0", "--data", data, "--signing-key", key, "--log-format",
                "json",
            ])
            let (url, before) = try await server.waitUntilListening()
            let refused = try await withTimeout {
                try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                    try? await Polestage_Offers_V1_OfferService.Client(wrapping: client).searchOffers(
                        .init(),
                        metadata: ["authorization": "Bearer \(token)"]
                    )
                }
            }
            #expect(refused == nil)
            #expect(try await server.stop() == 0)
            let after = try await server.output()
            let lines = before + after.split(separator: "\n").map(String.init)
            var refusal: [String: Any]?
            for line in lines where !line.isEmpty {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["ts"] is String && object?["level"] is String && object?["msg"] is String, "\(line)")
                #expect(!line.contains(token), "a token reached the logs")
                if (object?["msg"] as? String) == "RPC refused: permission denied" { refusal = object }
            }
            let meta = refusal?["meta"] as? [String: String]
            #expect(meta?["rpc.request_id"]?.count == 16)
            #expect(meta?["polestage.role"] == "school")
            #expect(meta?["polestage.reason"]?.contains("n'est pas dans l'annuaire de l'académie") == true)
        }
    }

    @Test("a short signing key stops the start with a clear message")
    func shortKey() async throws {
        try await Self.withDataDirectory { data in
            let server = try Running([
                "serve", "--port", "0", "--grpc-port", "0", "--data", data, "--signing-key", "k1:c2hvcnQ=",
            ])
            let output = try await server.output()
            #expect(try await server.exitCode() != 0)
            // ArgumentParser wraps long messages: compare with whitespace collapsed.
            let text = output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains("signing key 'k1' is 5 bytes long: an HMAC key needs at least 32 bytes"), "\(text)")
        }
    }
}
