import ArgumentParser
import Foundation
import GRPCCore
import PoleStageProto
import PoleStageWebSocketTransport
import SwiftProtobuf

/// The server, the caller's token and the output format, shared by every command.
struct ConnectionOptions: ParsableArguments {
    static let defaultURL = "ws://127.0.0.1:8080/grpc"

    @Option(help: "The server's WebSocket URL (default: POLESTAGE_URL, else \(Self.defaultURL)).")
    var url: String?

    @Option(help: "A coordinator's or animator's token (default: POLESTAGE_TOKEN).")
    var token: String?

    @Flag(help: "Print the server's answer as JSON instead of a table.")
    var json = false

    typealias Admin = Polestage_Admin_V1_AdminService.Client<WebSocketTransport.Client>

    /// Runs `body` with an admin client on one WebSocket, and the call metadata carrying the token.
    func withAdmin<T: Sendable>(_ body: (Admin, Metadata) async throws -> T) async throws -> T {
        try await self.withClient { client, metadata in try await body(Admin(wrapping: client), metadata) }
    }

    /// The server's web address, from its WebSocket URL (`ws://host:port/grpc` → `http://host:port`): where the pages
    /// and the sign-in links are.
    var pageBase: String {
        let environment = ProcessInfo.processInfo.environment
        let url = self.url ?? environment["POLESTAGE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL
        guard var components = URLComponents(string: url) else { return "" }
        components.scheme = components.scheme == "wss" ? "https" : "http"
        components.path = ""
        return components.string ?? ""
    }

    /// Runs `body` with a client over one WebSocket to the server, and the metadata that carries the token.
    func withClient<T: Sendable>(
        _ body: (GRPCClient<WebSocketTransport.Client>, Metadata) async throws -> T
    ) async throws -> T {
        let environment = ProcessInfo.processInfo.environment
        let url = self.url ?? environment["POLESTAGE_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL
        guard let token = self.token ?? environment["POLESTAGE_TOKEN"], !token.isEmpty else {
            throw ValidationError("no token: pass --token or set POLESTAGE_TOKEN")
        }
        guard url.hasPrefix("ws://") || url.hasPrefix("wss://") else {
            throw ValidationError("--url: '\(url)' is not a ws:// or wss:// URL")
        }
        return try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
            try await body(client, ["authorization": "Bearer \(token)"])
        }
    }

    /// Prints a message as JSON, or as the table `table` builds.
    func show<M: SwiftProtobuf.Message>(_ message: M, table: (M) -> Table) throws {
        if self.json {
            var options = JSONEncodingOptions()
            options.preserveProtoFieldNames = true
            print(try message.jsonString(options: options))
        } else {
            print(table(message).rendered, terminator: "")
        }
    }
}
