import ArgumentParser
import Foundation
import Logging
import PoleStageAuth
import PoleStageServer
import PoleStageWebSocketTransport
import Testing

@testable import PoleStageCLI

/// Defaults, then the file, then the environment, then the flags.
@Suite("Configuration layers")
struct ConfigurationLayerTests {
    @Test("with nothing set, the settings are ServerConfiguration's defaults")
    func defaults() throws {
        let settings = try serveSettings()
        let defaults = ServerConfiguration()
        #expect(settings.server.host == defaults.host)
        #expect(settings.server.port == defaults.port)
        #expect(settings.server.grpcPort == defaults.grpcPort)
        #expect(settings.server.webSocketPath == defaults.webSocketPath)
        #expect(settings.server.transport.maxMessageSize == defaults.transport.maxMessageSize)
        #expect(settings.server.transport.maxConcurrentStreams == defaults.transport.maxConcurrentStreams)
        #expect(settings.server.dataDirectory.path == defaults.dataDirectory.path)
        #expect(settings.server.reservationHold == defaults.reservationHold)
        #expect(settings.server.allowedOrigins.isEmpty && settings.server.signingKeys.isEmpty)
        #expect(settings.server.signingKeyID == nil && settings.server.tls == nil)
        #expect(!settings.interopTestService && !settings.demo)
        #expect(settings.logLevel == .info && settings.logFormat == .auto)
    }

    @Test("a flag beats its variable, which beats the file, which beats the default")
    func precedence() throws {
        let toml = """
            [server]
            host = "0.0.0.0"
            port = 1000
            [grpc]
            port = 2000
            [log]
            level = "debug"
            format = "text"
            [websocket]
            max_concurrent_streams = 7
            """
        let environment = [
            "POLESTAGE_SERVER_PORT": "1001",
            "POLESTAGE_GRPC_PORT": "2001",
            "POLESTAGE_LOG_LEVEL": "warning",
        ]
        let settings = try serveSettings(
            toml: toml,
            environment: environment,
            arguments: ["--port", "1002", "--log-level", "error"]
        )
        #expect(settings.server.host == "0.0.0.0")  // file
        #expect(settings.server.transport.maxConcurrentStreams == 7)  // file
        #expect(settings.logFormat == .text)  // file
        #expect(settings.server.grpcPort == 2001)  // environment over file
        #expect(settings.server.port == 1002)  // flag over environment and file
        #expect(settings.logLevel == .error)  // flag over environment and file
        #expect(settings.server.webSocketPath == "/grpc")  // default
        #expect(settings.layers.source(of: .port) == .flag("--port"))
        #expect(settings.layers.source(of: .grpcPort) == .environment(variable: "POLESTAGE_GRPC_PORT"))
        #expect(settings.layers.source(of: .host)?.description.hasSuffix("polestage.toml: [server] host") == true)
        #expect(settings.layers.source(of: .webSocketPath) == .builtIn(.webSocketPath))
    }

    @Test("every type in every layer: lists, booleans, paths")
    func types() throws {
        let key1 = "k1:" + Data(repeating: 1, count: 32).base64EncodedString()
        let key2 = "k2:" + Data(repeating: 2, count: 32).base64EncodedString()
        let fromFile = try serveSettings(
            toml: """
                [websocket]
                allowed_origins = ["https://a.example", "https://b.example"]
                [storage]
                demo = true
                reservation_hold = 60
                [auth]
                signing_keys = ["\(key1)", "\(key2)"]
                signing_key_id = "k2"
                [grpc]
                interop_test_service = true
                """
        )
        #expect(fromFile.server.allowedOrigins == ["https://a.example", "https://b.example"])
        #expect(fromFile.demo && fromFile.interopTestService)
        #expect(fromFile.server.reservationHold == .seconds(60))
        #expect(fromFile.server.signingKeys.map(\.id) == ["k1", "k2"])
        #expect(fromFile.server.signingKeyID == "k2")

        let fromEnvironment = try serveSettings(
            toml: "[storage]\ndemo = true\n",
            environment: [
                "POLESTAGE_WEBSOCKET_ALLOWED_ORIGINS": "https://c.example, https://d.example",
                "POLESTAGE_STORAGE_DEMO": "false",
                "POLESTAGE_AUTH_SIGNING_KEYS": key2,
                "POLESTAGE_SIGNING_KEYS": key1,  // the earlier name loses to the new one
            ]
        )
        #expect(fromEnvironment.server.allowedOrigins == ["https://c.example", "https://d.example"])
        #expect(!fromEnvironment.demo)
        #expect(fromEnvironment.server.signingKeys.map(\.id) == ["k2"])

        let fromFlags = try serveSettings(
            toml: "[storage]\ndemo = true\n[websocket]\nallowed_origins = [\"https://a.example\"]\n",
            environment: ["POLESTAGE_SIGNING_KEYS": key1],
            arguments: ["--no-demo", "--allowed-origin", "https://e.example", "--allowed-origin", "https://f.example"]
        )
        #expect(!fromFlags.demo)
        #expect(fromFlags.server.allowedOrigins == ["https://e.example", "https://f.example"])
        #expect(fromFlags.server.signingKeys.map(\.id) == ["k1"])  // the earlier variable name still works
    }

    @Test("relative paths in the file are relative to its folder; in flags, to the working folder")
    func relativePaths() throws {
        try withTemporaryFolder { folder in
            let file = folder.appendingPathComponent("polestage.toml")
            try "[storage]\ndata_dir = \"state/data\"\n".write(to: file, atomically: true, encoding: .utf8)
            let fromFile = try ServeCommand.parse(["--config", file.path]).settings(environment: [:])
            #expect(fromFile.server.dataDirectory.path == folder.appendingPathComponent("state/data").path)
            let fromFlag = try ServeCommand.parse(["--config", file.path, "--data", "elsewhere"]).settings(
                environment: [:]
            )
            #expect(fromFlag.server.dataDirectory.path == URL(fileURLWithPath: "elsewhere").path)
        }
    }

    @Test("empty variables are unset, and POLESTAGE_ variables outside the tables are not settings")
    func foreignVariables() throws {
        let settings = try serveSettings(
            toml: "[server]\nport = 1000\n",
            environment: ["POLESTAGE_SERVER_PORT": "", "POLESTAGE_TEST_LOG_LEVEL": "debug", "POLESTAGE_PYTHON": "/x"]
        )
        #expect(settings.server.port == 1000)
    }

    @Test("both TLS files give the server its TLS configuration")
    func tls() throws {
        try withTemporaryFolder { folder in
            let chain = folder.appendingPathComponent("chain.pem")
            let key = folder.appendingPathComponent("key.pem")
            try "not checked here".write(to: chain, atomically: true, encoding: .utf8)
            try "not checked here".write(to: key, atomically: true, encoding: .utf8)
            let file = folder.appendingPathComponent("polestage.toml")
            try "[tls]\ncertificate_chain = \"chain.pem\"\n".write(to: file, atomically: true, encoding: .utf8)
            let settings = try ServeCommand.parse(["--config", file.path]).settings(
                environment: ["POLESTAGE_TLS_PRIVATE_KEY": key.path]
            )
            #expect(settings.server.tls?.certificateChain.path == chain.path)
            #expect(settings.server.tls?.privateKey.path == key.path)
        }
    }

    @Test(
        "did you mean: the closest name within a third of its letters",
        arguments: [
            ("prot", ["port", "host"], "port"),
            ("hots", ["port", "host"], "host"),
            ("max_mesage_size", ["path", "max_message_size", "max_concurrent_streams"], "max_message_size"),
            ("colour", ["port", "host"], nil),
        ] as [(String, [String], String?)]
    )
    func closestName(name: String, candidates: [String], expected: String?) {
        #expect(ClosestName.to(name, among: candidates) == expected)
    }
}
