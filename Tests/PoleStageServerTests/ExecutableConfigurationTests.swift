import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import PoleStageProto
import PoleStageTesting
import PoleStageWebSocketTransport
import Testing

/// `polestage serve --config FILE`, run as a process: the file, the environment and the flags in that order, errors
/// that stop the start, and TLS from the file.
@Suite("polestage executable: configuration")
struct ExecutableConfigurationTests {
    typealias Running = ExecutableTests.Running

    /// A temporary folder holding `polestage.toml` with `toml`; `body` gets the folder and the file's path.
    static func withConfigurationFile<T>(
        _ toml: String,
        _ body: (URL, String) async throws -> T
    ) async throws -> T {
        let folder = URL.temporaryTestDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("polestage.toml")
        try toml.write(to: file, atomically: true, encoding: .utf8)
        return try await body(folder, file.path)
    }

    @Test("serve --config: the file's settings, a variable over the file, a flag over both; clients connect")
    func servesFromFile() async throws {
        let toml = """
            [server]
            host = "127.0.0.1"
            port = 0
            [grpc]
            port = 0
            [websocket]
            path = "/from-file"
            [storage]
            data_dir = "state"
            [log]
            format = "json"
            """
        try await Self.withConfigurationFile(toml) { folder, path in
            let server = try Running(
                ["serve", "--config", path, "--ws-path", "/from-flag"],
                environment: ["POLESTAGE_LOG_FORMAT": "text", "POLESTAGE_WEBSOCKET_PATH": "/from-environment"]
            )
            let (line, _) = try await server.waitForListeningLine()
            #expect(line.contains(" websocket=ws://127.0.0.1:"), "text logs, from the environment: \(line)")
            let url = try #require(Running.field("websocket", in: line))
            #expect(url.hasSuffix("/from-flag"))
            let grpcPort = try #require(Running.field("grpc.port", in: line).flatMap { Int($0) })
            // The data folder is relative to the file's folder.
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/academy.sqlite").path))

            let overWebSocket = try await withTimeout {
                try await withGRPCClient(transport: WebSocketTransport.Client(url: url)) { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status
                }
            }
            #expect(overWebSocket == .serving)
            let overHTTP2 = try await withTimeout {
                try await withGRPCClient(
                    transport: try HTTP2ClientTransport.Posix(
                        target: .ipv4(address: "127.0.0.1", port: grpcPort),
                        transportSecurity: .plaintext
                    )
                ) { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status
                }
            }
            #expect(overHTTP2 == .serving)
            #expect(try await server.stop() == 0)
        }
    }

    @Test(
        "a configuration at fault stops the start with status 1 and a message naming the key",
        arguments: [
            ("[server]\nprot = 80\n", [:], "polestage.toml: [server] prot: unknown key (did you mean 'port'?)"),
            ("[server]\nport = 70000\n", [:], "polestage.toml: [server] port: 70000 is not between 0 and 65535"),
            ("", ["POLESTAGE_SERVER_PORT": "abc"], "POLESTAGE_SERVER_PORT: 'abc' is not an integer"),
        ] as [(String, [String: String], String)]
    )
    func refused(toml: String, environment: [String: String], message: String) async throws {
        try await Self.withConfigurationFile(toml) { _, path in
            let server = try Running(["serve", "--config", path], environment: environment)
            let output = try await server.output()
            #expect(try await server.exitCode() == 1)
            let shown = output.replacingOccurrences(of: path, with: "polestage.toml")
            #expect(shown.contains(message), "\(shown)")
        }
    }

    @Test("token --config signs with the file's keys, which serve --config verifies")
    func tokenFromFile() async throws {
        let key = "k1:" + Data(repeating: 7, count: 32).base64EncodedString()
        let toml = """
            [server]
            port = 0
            [grpc]
            port = 0
            [storage]
            data_dir = "data"
            demo = true
            [auth]
            signing_keys = ["\(key)"]
            """
        try await Self.withConfigurationFile(toml) { folder, path in
            let issue = try Running([
                "token", "--config", path, "--role", "animator", "--user", "ops-2", "--basin", "chalon-tournus-louhans",
            ])
            // Standard output and error together: the token, and its id on a line of its own.
            let printed = try await issue.output().split(separator: "\n").map(String.init)
            let token = try #require(printed.first { !$0.hasPrefix("token id: ") })
            #expect(try await issue.exitCode() == 0)
            let server = try Running(["serve", "--config", path])
            let (url, _) = try await server.waitUntilListening()
            let found = try await ExecutableTests.search(url, token: token)
            #expect(!found.offers.isEmpty)
            // The keys came from the file: no key file was written.
            let keyFile = folder.appendingPathComponent("data/secrets/signing-keys").path
            #expect(!FileManager.default.fileExists(atPath: keyFile))
            #expect(try await server.stop() == 0)
        }
    }

    @Test("a missing configuration file stops the start")
    func missingFile() async throws {
        try await Self.withConfigurationFile("") { folder, _ in
            let path = folder.appendingPathComponent("absent.toml").path
            let server = try Running(["serve", "--config", path])
            let output = try await server.output()
            #expect(try await server.exitCode() == 1)
            #expect(output.contains("\(path): cannot read the configuration file: no such file"), "\(output)")
        }
    }

    @Test("[tls] in the file: wss:// and gRPC over TLS, from the executable")
    func tlsFromFile() async throws {
        let toml = """
            [server]
            port = 0
            [grpc]
            port = 0
            [storage]
            data_dir = "data"
            [log]
            format = "text"
            [tls]
            certificate_chain = "tls/cert.pem"
            private_key = "tls/key.pem"
            """
        try await Self.withConfigurationFile(toml) { folder, path in
            let certificate = try SelfSignedCertificate(in: folder.appendingPathComponent("tls"))
            let server = try Running(["serve", "--config", path])
            let (line, _) = try await server.waitForListeningLine()
            let url = try #require(Running.field("websocket", in: line))
            #expect(url.hasPrefix("wss://127.0.0.1:"), "\(line)")
            #expect(Running.field("tls", in: line) == "true")
            let grpcPort = try #require(Running.field("grpc.port", in: line).flatMap { Int($0) })

            let overWebSocket = try await withTimeout {
                try await withGRPCClient(
                    transport: WebSocketTransport.Client(
                        url: url.replacingOccurrences(of: "127.0.0.1", with: "localhost"),
                        tlsConfiguration: try certificate.clientConfiguration()
                    )
                ) { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status
                }
            }
            #expect(overWebSocket == .serving)
            let overHTTP2 = try await withTimeout {
                try await withGRPCClient(
                    transport: try HTTP2ClientTransport.Posix(
                        target: .dns(host: "localhost", port: grpcPort),
                        transportSecurity: .tls { tls in
                            tls.trustRoots = .certificates([
                                .bytes(Array(certificate.certificatePEM.utf8), format: .pem)
                            ])
                        }
                    )
                ) { client in
                    try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status
                }
            }
            #expect(overHTTP2 == .serving)
            #expect(try await server.stop() == 0)
        }
    }
}
