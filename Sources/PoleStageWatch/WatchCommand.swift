import ArgumentParser
import Foundation
import GRPCCore
import PoleStageProto
import PoleStageWebSocketTransport
import SwiftProtobuf
import UnixSignals

/// `polestage-watch`: prints a basin's offer changes, or the caller's inbox (`--inbox`), as they happen, and resumes
/// where it stopped.
///
/// Exit codes: 0 on SIGINT/SIGTERM, 1 when the server refuses the subscription (a bad token, a bad filter) or cannot
/// be reached before the first event, 2 for a usage error. Once it has received an event, a lost connection is retried
/// with backoff, from the last position.
@main
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "polestage-watch",
        abstract:
            "Print a basin's offer changes, or your inbox (--inbox), as they happen; resume after a restart with --state.",
        discussion: "The server and the token come from --url and --token, or POLESTAGE_URL and POLESTAGE_TOKEN."
    )

    @Option(help: "The server's WebSocket URL (default: POLESTAGE_URL, else ws://127.0.0.1:8080/grpc).")
    var url: String?

    @Option(help: "A token (default: POLESTAGE_TOKEN).")
    var token: String?

    @Option(help: "The basin, for a token that spans several (coordinator, company).")
    var basin: String?

    @Option(help: "A trade's ROME code, such as G1602. Repeatable.")
    var trade: [String] = []

    @Option(help: "A level: 3e, prepa-metiers, segpa, cap, bac-pro or bts. Repeatable.")
    var level: [WatchLevel] = []

    @Option(help: "LAT,LON to measure --radius-km from (a school token's default is its school).")
    var near: WatchPoint?

    @Option(name: .customLong("radius-km"), help: "Only offers within this many kilometres.")
    var radiusKm: Double?

    @Flag(help: "Only offers with a free seat.")
    var freeSeats = false

    @Flag(help: "Start with the matching offers as they are now.")
    var snapshot = false

    @Flag(help: "One JSON object per line.")
    var json = false

    @Option(help: "A file that keeps the resume position: a restart continues where the last run stopped.")
    var state: String?

    @Flag(help: "Print the token's inbox (new applications, answers, reminders) instead of offer changes.")
    var inbox = false

    static func main() async {
        let command: WatchCommand
        do {
            var parsed = try self.parseAsRoot()
            guard let watch = parsed as? WatchCommand else {
                // ArgumentParser's own command (help): running it throws the help it prints.
                try parsed.run()
                return
            }
            command = watch
        } catch {
            // Help and version go to standard output with 0; usage errors to standard error with 2.
            guard self.exitCode(for: error) != .success else { self.exit(withError: error) }
            FileHandle.standardError.write(Data((self.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        // Checked after parsing rather than in `validate()`: ArgumentParser validates before it looks for --help or
        // an unknown option, so a missing token would hide both.
        guard command.resolvedToken != nil else {
            let error = ValidationError("no token: pass --token or set POLESTAGE_TOKEN")
            FileHandle.standardError.write(Data((self.fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
        do {
            try await command.run()
        } catch {
            self.exit(withError: error)
        }
    }

    var resolvedURL: String {
        self.url ?? ProcessInfo.processInfo.environment["POLESTAGE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "ws://127.0.0.1:8080/grpc"
    }

    var resolvedToken: String? {
        (self.token ?? ProcessInfo.processInfo.environment["POLESTAGE_TOKEN"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate() throws {
        if self.inbox {
            let filters: [(String, Bool)] = [
                ("--trade", !self.trade.isEmpty), ("--level", !self.level.isEmpty), ("--near", self.near != nil),
                ("--radius-km", self.radiusKm != nil), ("--free-seats", self.freeSeats), ("--snapshot", self.snapshot),
            ]
            if let (name, _) = filters.first(where: { $0.1 }) {
                throw ValidationError("\(name) filters offers: it does not apply to --inbox")
            }
        }
        if let radiusKm, !(radiusKm > 0 && radiusKm <= 300) {
            throw ValidationError("--radius-km must be between 0 and 300")
        }
        guard self.resolvedURL.hasPrefix("ws://") || self.resolvedURL.hasPrefix("wss://") else {
            throw ValidationError("--url: '\(self.resolvedURL)' is not a ws:// or wss:// URL")
        }
    }

    func run() async throws {
        let url = self.resolvedURL
        let token = self.resolvedToken ?? ""
        var metadata: Metadata = ["authorization": "Bearer \(token)"]
        if let basin { metadata.addString(basin, forKey: "polestage-basin") }
        let watcher = Watcher(
            url: url,
            metadata: metadata,
            stream: self.inbox ? .inbox : .offers(self.request),
            state: self.state.map { StateFile(path: $0) },
            printer: EventPrinter(json: self.json)
        )
        do {
            try await Self.untilSignalled { try await watcher.run() }
        } catch let error as RPCError {
            FileHandle.standardError.write(
                Data("polestage-watch: \(error.code.canonicalName): \(error.message)\n".utf8)
            )
            throw ExitCode(1)
        } catch let error as WatchError {
            FileHandle.standardError.write(Data("polestage-watch: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Runs `body` until it returns or SIGINT or SIGTERM arrives; then cancels it and returns once it has.
    ///
    /// The default action of those signals would end the process wherever it is, between printing an event and saving
    /// its position in --state among other places: the next run would print that event again. Cancelled, the watcher
    /// stops at its next wait, when every event printed has its position saved.
    static func untilSignalled(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                for await _ in signals { return false }
                return false
            }
            defer { group.cancelAll() }
            var signalled = false
            while true {
                do {
                    guard let finished = try await group.next(), !finished else { return }
                    // A signal: cancel the watcher and wait for it to stop.
                    signalled = true
                    group.cancelAll()
                } catch {
                    // What a cancelled watcher throws is not a failure.
                    if signalled { return }
                    throw error
                }
            }
        }
    }

    var request: Polestage_Offers_V1_SubscribeRequest {
        .with { request in
            request.filter = .with { filter in
                filter.tradeCodes = self.trade
                filter.levels = self.level.map(\.proto)
                if let near = self.near {
                    filter.near = .with {
                        $0.latitude = near.latitude
                        $0.longitude = near.longitude
                    }
                }
                filter.radiusKm = self.radiusKm ?? 0
                filter.freeSeatsOnly = self.freeSeats
            }
            request.snapshot = self.snapshot
        }
    }
}

/// Why the watcher gave up.
struct WatchError: Error {
    var message: String
}
