import Foundation
import GRPCCore
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

/// `polestage-watch` as a subprocess against the real server.
@Suite("polestage-watch: prints changes, resumes after a restart, fails clearly")
struct WatchTests {
    static var executable: URL {
        ExecutableTests.executable.deletingLastPathComponent().appendingPathComponent("polestage-watch")
    }

    /// A running `polestage-watch`, its standard output and error going to files.
    final class Watch: Sendable {
        let process: Process
        let out: URL
        let err: URL

        init(_ arguments: [String], in folder: URL) throws {
            self.out = folder.appendingPathComponent("out-\(UUID().uuidString)")
            self.err = folder.appendingPathComponent("err-\(UUID().uuidString)")
            #expect(FileManager.default.createFile(atPath: self.out.path, contents: nil))
            #expect(FileManager.default.createFile(atPath: self.err.path, contents: nil))
            self.process = Process()
            self.process.executableURL = WatchTests.executable
            self.process.arguments = arguments
            self.process.standardOutput = try FileHandle(forWritingTo: self.out)
            self.process.standardError = try FileHandle(forWritingTo: self.err)
            try self.process.runWorkingAroundFoundation5472()
        }

        var lines: [String] {
            ((try? String(contentsOf: self.out, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        var errors: String { (try? String(contentsOf: self.err, encoding: .utf8)) ?? "" }

        /// The JSON events printed so far.
        var events: [Polestage_Offers_V1_OfferEvent] {
            self.lines.compactMap { try? Polestage_Offers_V1_OfferEvent(jsonString: $0) }
        }

        /// Waits until `condition` holds on the printed events. Generous: after a server restart the watcher's backoff
        /// (0.5 s doubling) may have grown to 16 s on a loaded 2-core machine before the server listens again.
        func wait(for condition: @escaping @Sendable ([Polestage_Offers_V1_OfferEvent]) -> Bool) async throws {
            try await withTimeout(.seconds(90)) {
                while !condition(self.events) { try await Task.sleep(for: .milliseconds(20)) }
            }
        }

        func exitCode() async throws -> Int32 {
            try await withTimeout(.seconds(30)) {
                while self.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
                return self.process.terminationStatus
            }
        }

        func stop() async throws -> Int32 {
            self.process.terminate()
            return try await self.exitCode()
        }

        deinit {
            if self.process.isRunning { self.process.terminate() }
        }
    }

    static func createdIDs(_ events: [Polestage_Offers_V1_OfferEvent]) -> [Int64] {
        events.compactMap { event in
            if case .change(let change) = event.event, change.kind == .offerCreated { change.offer.id } else { nil }
        }
    }

    @Test(
        "prints each change as JSON, keeps its position in --state: a restart gets exactly what it missed, a server restart is retried"
    )
    func resumeFromState() async throws {
        try await ExecutableTests.withDataDirectory { data in
            let server = try ExecutableTests.Running([
                "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
            ])
            let (url, lines) = try await server.waitUntilListening()
            let tokens = ExecutableTests.tokens(in: lines)
            let school = try #require(tokens["school"])
            let company: Metadata = ["authorization": "Bearer \(try #require(tokens["company"]))"]
            let folder = URL(fileURLWithPath: data)
            let state = folder.appendingPathComponent("watch.state").path
            let arguments = ["--url", url, "--token", school, "--json", "--state", state]

            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                func create(_ index: Int) async throws -> Int64 {
                    try await offers.createOffer(
                        .with {
                            $0.details = CrashTests.details(900 + index)
                            $0.publish = true
                        },
                        metadata: company
                    ).id
                }

                let first = try Watch(arguments, in: folder)
                try await first.wait { events in events.contains { if case .live = $0.event { true } else { false } } }
                let live = try await create(0)
                try await first.wait { Self.createdIDs($0) == [live] }
                #expect(try await first.stop() != 1)

                // Missed while it was stopped.
                let missed = [try await create(1), try await create(2)]
                let second = try Watch(arguments, in: folder)
                try await second.wait { Self.createdIDs($0) == missed }
                let after = try await create(3)
                try await second.wait { Self.createdIDs($0) == missed + [after] }
                #expect(try await second.stop() != 1)
                _ = client
            }

            // A server restart while it watches: it retries with backoff and resumes on the same port.
            let port = try #require(URL(string: url)?.port)
            let watching = try Watch(arguments, in: folder)
            try await watching.wait { events in events.contains { if case .live = $0.event { true } else { false } } }
            #expect(try await server.stop() == 0)
            let restarted = try ExecutableTests.Running([
                "serve", "--port", "\(port)", "--grpc-port", "0", "--data", data,
            ])
            _ = try await restarted.waitUntilListening()
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                let id = try await offers.createOffer(
                    .with {
                        $0.details = CrashTests.details(950)
                        $0.publish = true
                    },
                    metadata: company
                ).id
                try await watching.wait { Self.createdIDs($0) == [id] }
                #expect(watching.errors.contains("connexion perdue"), "\(watching.errors)")
                #expect(try await watching.stop() != 1)

                // The human-readable form.
                let after = id
                let text = try Watch(["--url", url, "--token", school, "--snapshot"], in: folder)
                try await withTimeout(.seconds(30)) {
                    while !text.lines.contains(where: { $0.hasPrefix("en direct [") }) {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
                // French, the trade by its label: « offre 12 « … » (Métier, Entreprise) : 2 places libres ».
                #expect(
                    text.lines.contains {
                        $0.hasPrefix("offre \(after) « ") && $0.contains(" : ") && $0.contains(" libre")
                    }
                )
                _ = try await text.stop()
            }
            #expect(try await restarted.stop() == 0)
        }
    }

    @Test("--inbox prints the token's inbox live and, with --state, resumes with exactly what it missed")
    func inbox() async throws {
        try await ExecutableTests.withDataDirectory { data in
            let server = try ExecutableTests.Running([
                "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
            ])
            let (url, lines) = try await server.waitUntilListening()
            let school: Metadata = [
                "authorization": "Bearer \(try #require(ExecutableTests.tokens(in: lines)["school"]))"
            ]
            let token = try #require(ExecutableTests.tokens(in: lines)["school"])
            let folder = URL(fileURLWithPath: data)
            let state = folder.appendingPathComponent("inbox.state").path
            let arguments = ["--url", url, "--token", token, "--inbox", "--json", "--state", state]
            func messages(_ watch: Watch) -> [Polestage_Placements_V1_InboxEvent] {
                watch.lines.compactMap { try? Polestage_Placements_V1_InboxEvent(jsonString: $0) }.filter {
                    if case .message = $0.event { true } else { false }
                }
            }
            func waitUntil(_ watch: Watch, _ condition: @escaping @Sendable ([String]) -> Bool) async throws {
                try await withTimeout(.seconds(60)) {
                    while !condition(watch.lines) { try await Task.sleep(for: .milliseconds(20)) }
                }
            }
            try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                let applications = Polestage_Placements_V1_ApplicationService.Client(wrapping: client)
                // The demo school's live applications: withdrawing one writes to its inbox.
                let live = try await applications.listApplications(.with { $0.liveOnly = true }, metadata: school)
                #expect(live.applications.count >= 2)
                let first = try Watch(arguments, in: folder)
                try await waitUntil(first) { $0.contains { $0.contains("\"live\"") } }
                _ = try await applications.withdrawApplication(
                    .with { $0.applicationID = live.applications[0].id },
                    metadata: school
                )
                try await waitUntil(first) { $0.contains { $0.contains("APPLICATION_WITHDRAWN") } }
                #expect(messages(first).map(\.message.applicationID) == [live.applications[0].id])
                #expect(try await first.stop() != 1)
                // Missed while stopped: only that one is printed by the next run.
                _ = try await applications.withdrawApplication(
                    .with { $0.applicationID = live.applications[1].id },
                    metadata: school
                )
                let second = try Watch(arguments, in: folder)
                try await waitUntil(second) { $0.contains { $0.contains("\"live\"") } }
                #expect(messages(second).map(\.message.applicationID) == [live.applications[1].id])
                #expect(try await second.stop() != 1)
                // The readable form: the message's French text.
                let text = try Watch(["--url", url, "--token", token, "--inbox"], in: folder)
                try await waitUntil(text) { $0.contains { $0.hasPrefix("en direct [") } }
                _ = try await text.stop()
                let filtered = try Watch(["--url", url, "--token", token, "--inbox", "--trade", "G1602"], in: folder)
                #expect(try await filtered.exitCode() == 2)
                #expect(
                    filtered.errors.contains("--trade filters offers: it does not apply to --inbox"),
                    "\(filtered.errors)"
                )
            }
            #expect(try await server.stop() == 0)
        }
    }

    @Test("a bad token, a bad filter and an unreachable server exit 1 with a clear message; usage errors exit 2")
    func failures() async throws {
        try await ExecutableTests.withDataDirectory { data in
            let folder = URL(fileURLWithPath: data)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let unreachable = try Watch(["--url", "ws://127.0.0.1:9/grpc", "--token", "t"], in: folder)
            #expect(try await unreachable.exitCode() == 1)
            #expect(unreachable.errors.contains("serveur injoignable, ws://127.0.0.1:9/grpc"), "\(unreachable.errors)")
            let usage = try Watch(["--url", "http://x", "--token", "t"], in: folder)
            #expect(try await usage.exitCode() == 2)
            let level = try Watch(["--level", "licence", "--token", "t"], in: folder)
            #expect(try await level.exitCode() == 2)

            let server = try ExecutableTests.Running([
                "serve", "--demo", "--port", "0", "--grpc-port", "0", "--data", data,
            ])
            let (url, lines) = try await server.waitUntilListening()
            let school = try #require(ExecutableTests.tokens(in: lines)["school"])
            let badToken = try Watch(["--url", url, "--token", "not-a-token"], in: folder)
            #expect(try await badToken.exitCode() == 1)
            #expect(badToken.errors.contains("UNAUTHENTICATED"), "\(badToken.errors)")
            let badTrade = try Watch(["--url", url, "--token", school, "--trade", "nope"], in: folder)
            #expect(try await badTrade.exitCode() == 1)
            #expect(badTrade.errors.contains("INVALID_ARGUMENT: filter.trade_codes[0]"), "\(badTrade.errors)")
            #expect(try await server.stop() == 0)
        }
    }
}
