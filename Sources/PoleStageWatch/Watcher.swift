import Foundation
import GRPCCore
import PoleStageProto
import PoleStageWebSocketTransport
import SwiftProtobuf
import Synchronization

/// What a watcher follows.
enum WatchedStream: Sendable {
    /// A basin's offers (`OfferService.Subscribe`).
    case offers(Polestage_Offers_V1_SubscribeRequest)
    /// The caller's inbox (`InboxService.WatchInbox`).
    case inbox
}

/// Subscribes, prints, keeps the position, and reconnects with backoff from the last position.
struct Watcher {
    let url: String
    let metadata: Metadata
    let stream: WatchedStream
    let state: StateFile?
    let printer: EventPrinter

    /// Codes that no retry can fix: the watcher stops with the server's message.
    static let final: Set<RPCError.Code> = [
        .unauthenticated, .permissionDenied, .invalidArgument, .notFound, .unimplemented,
    ]

    func run() async throws {
        let progress = Progress(position: try self.state?.read())
        var delay = Duration.milliseconds(500)
        while !Task.isCancelled {
            let receivedBefore = progress.received
            /// Counts and prints an event, and keeps its position.
            let received = { @Sendable (position: Polestage_Offers_V1_StreamPosition?) throws in
                progress.received += 1
                // A snapshot page before the last carries the start position: nothing to keep.
                if let position, position.epoch != 0 {
                    progress.position = position
                    try self.state?.write(position)
                }
            }
            do {
                try await withGRPCClient(transport: WebSocketTransport.Client(url: self.url)) { client in
                    switch self.stream {
                    case .offers(var request):
                        if let position = progress.position { request.resumeFrom = position }
                        let offers = Polestage_Offers_V1_OfferService.Client(wrapping: client)
                        try await offers.subscribe(request, metadata: self.metadata) { response in
                            for try await event in response.messages {
                                self.printer.print(event)
                                try received(event.hasPosition ? event.position : nil)
                            }
                        }
                    case .inbox:
                        var request = Polestage_Placements_V1_WatchInboxRequest()
                        if let position = progress.position { request.resumeFrom = position }
                        let inbox = Polestage_Placements_V1_InboxService.Client(wrapping: client)
                        try await inbox.watchInbox(request, metadata: self.metadata) { response in
                            for try await event in response.messages {
                                self.printer.print(event)
                                try received(event.hasPosition ? event.position : nil)
                            }
                        }
                    }
                }
                // The server ended the stream without an error: subscribe again from the position.
            } catch let error as RPCError where Self.final.contains(error.code) {
                throw error
            } catch {
                if Task.isCancelled { return }
                if progress.received > receivedBefore { delay = .milliseconds(500) }
                guard progress.received > 0 else {
                    throw WatchError(message: "serveur injoignable, \(self.url) : \(Self.describe(error))")
                }
                self.printer.note("connexion perdue (\(Self.describe(error))) ; nouvel essai dans \(delay)")
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(30))
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? RPCError { return "\(error.code.canonicalName): \(error.message)" }
        return "\(error)"
    }
}

/// What the subscription has seen, shared by the response handler and the retry loop.
final class Progress: Sendable {
    private let state: Mutex<(position: Polestage_Offers_V1_StreamPosition?, received: Int)>

    init(position: Polestage_Offers_V1_StreamPosition?) {
        self.state = Mutex((position, 0))
    }

    var position: Polestage_Offers_V1_StreamPosition? {
        get { self.state.withLock { $0.position } }
        set { self.state.withLock { $0.position = newValue } }
    }

    var received: Int {
        get { self.state.withLock { $0.received } }
        set { self.state.withLock { $0.received = newValue } }
    }
}

/// The resume position, kept in a small JSON file written atomically after every event that carries one.
struct StateFile {
    let path: String

    func read() throws -> Polestage_Offers_V1_StreamPosition? {
        guard let data = FileManager.default.contents(atPath: self.path) else { return nil }
        do {
            return try Polestage_Offers_V1_StreamPosition(jsonUTF8Bytes: data)
        } catch {
            throw WatchError(message: "--state \(self.path): not a position written by polestage-watch (\(error))")
        }
    }

    func write(_ position: Polestage_Offers_V1_StreamPosition) throws {
        let data = try position.jsonUTF8Data()
        try data.write(to: URL(fileURLWithPath: self.path), options: .atomic)
    }
}
