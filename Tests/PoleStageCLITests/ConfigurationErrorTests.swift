import ArgumentParser
import Foundation
import Testing

@testable import PoleStageCLI

/// Every way a configuration is refused, and the message that says what to fix.
@Suite("Configuration errors")
struct ConfigurationErrorTests {
    static let tables = "(tables: [server], [grpc], [websocket], [storage], [live], [auth], [log], [tls], [webhooks])"

    @Test(
        "a file at fault names the file and the key",
        arguments: [
            (
                "[server]\nprot = 80\n",
                "polestage.toml: [server] prot: unknown key (did you mean 'port'?)"
            ),
            (
                "[server]\ncolour = \"blue\"\n",
                "polestage.toml: [server] colour: unknown key"
            ),
            (
                "[sever]\nport = 80\n",
                "polestage.toml: [sever]: unknown table (did you mean [server]?) \(tables)"
            ),
            (
                "port = 80\n",
                "polestage.toml: port: settings go in tables ([server], [grpc], [websocket], [storage], [live], [auth], [log], [tls], [webhooks])"
            ),
            (
                "[server]\nport = \"80\"\n",
                "polestage.toml: [server] port: expected an integer, found a string"
            ),
            (
                "[server]\nport = 80.5\n",
                "polestage.toml: [server] port: expected an integer, found a floating-point number"
            ),
            (
                "[server]\nport = 70000\n",
                "polestage.toml: [server] port: 70000 is not between 0 and 65535"
            ),
            (
                "[grpc]\nport = -1\n",
                "polestage.toml: [grpc] port: -1 is not between 0 and 65535"
            ),
            (
                "[log]\nlevel = \"loud\"\n",
                "polestage.toml: [log] level: 'loud' is not one of trace, debug, info, notice, warning, error, critical"
            ),
            (
                "[log]\nformat = \"xml\"\n",
                "polestage.toml: [log] format: 'xml' is not one of auto, json, text"
            ),
            (
                "[storage]\ndemo = \"yes\"\n",
                "polestage.toml: [storage] demo: expected a boolean, found a string"
            ),
            (
                "[websocket]\nallowed_origins = \"https://a.example\"\n",
                "polestage.toml: [websocket] allowed_origins: expected an array of strings, found a string"
            ),
            (
                "[websocket]\nallowed_origins = [1]\n",
                "polestage.toml: [websocket] allowed_origins: expected an array of strings, found an array holding an integer"
            ),
            (
                "[websocket]\npath = \"grpc\"\n",
                "polestage.toml: [websocket] path: 'grpc' does not start with '/'"
            ),
            (
                "[websocket]\nmax_message_size = 0\n",
                "polestage.toml: [websocket] max_message_size: 0 is not between 1 and 2147483647"
            ),
            (
                "[server.port]\nx = 1\n",
                "polestage.toml: [server] port: expected an integer, found a table"
            ),
            (
                "[auth]\nsigning_keys = [\"k1:c2hvcnQ=\"]\n",
                "polestage.toml: [auth] signing_keys: signing key 'k1' is 5 bytes long: an HMAC key needs at least 32 bytes"
            ),
            (
                "[tls]\ncertificate_chain = \"/etc/chain.pem\"\n",
                "polestage.toml: [tls] certificate_chain is set but [tls] private_key is not: set both "
                    + "(--tls-private-key, POLESTAGE_TLS_PRIVATE_KEY)"
            ),
            (
                "[tls]\ncertificate_chain = \"/nonexistent/chain.pem\"\nprivate_key = \"/nonexistent/key.pem\"\n",
                "polestage.toml: [tls] certificate_chain: no file at /nonexistent/chain.pem"
            ),
            (
                "[webhooks]\nurls = [\"ftp://gateway.example\"]\nsecret_file = \"/etc/hosts\"\n",
                "polestage.toml: [webhooks] urls: 'ftp://gateway.example' is not an http or https URL"
            ),
            (
                "[webhooks]\nurls = [\"https://gateway.example/hook\"]\n",
                "polestage.toml: [webhooks] urls is set but [webhooks] secret_file is not: set both "
                    + "(--webhook-secret-file, POLESTAGE_WEBHOOKS_SECRET_FILE)"
            ),
            (
                "[server]\nmap_tiles_url = \"https://tile.openstreetmap.org/tiles.png\"\n",
                "polestage.toml: [server] map_tiles_url: 'https://tile.openstreetmap.org/tiles.png' is not an http(s) tile "
                    + "URL with {z}, {x} and {y}"
            ),
            (
                "[webhooks]\nsecret_file = \"/etc/hosts\"\n",
                "polestage.toml: [webhooks] secret_file is set but [webhooks] urls is not: set both "
                    + "(--webhook-url, POLESTAGE_WEBHOOKS_URLS)"
            ),
            (
                "[webhooks]\nurls = [\"https://gateway.example/hook\"]\nsecret_file = \"/nonexistent/secret\"\n",
                "polestage.toml: [webhooks] secret_file: no file at /nonexistent/secret"
            ),
        ]
    )
    func fileErrors(toml: String, message: String) throws {
        #expect(try refusal(toml: toml) == message)
    }

    @Test("a TOML syntax error names the file, line and column")
    func syntax() throws {
        let message = try #require(try refusal(toml: "[server]\nport = = 80\n"))
        #expect(message.hasPrefix("polestage.toml:2:"), "\(message)")
        #expect(message.contains("not valid TOML"), "\(message)")
    }

    @Test(
        "a variable at fault names the variable",
        arguments: [
            (["POLESTAGE_SERVER_PORT": "abc"], "POLESTAGE_SERVER_PORT: 'abc' is not an integer"),
            (["POLESTAGE_GRPC_PORT": "99999"], "POLESTAGE_GRPC_PORT: 99999 is not between 0 and 65535"),
            (
                ["POLESTAGE_LOG_LEVEL": "loud"],
                "POLESTAGE_LOG_LEVEL: 'loud' is not one of trace, debug, info, notice, warning, error, critical"
            ),
            (["POLESTAGE_STORAGE_DEMO": "maybe"], "POLESTAGE_STORAGE_DEMO: 'maybe' is not a boolean (true or false)"),
            (
                ["POLESTAGE_SERVER_PROT": "80"],
                "POLESTAGE_SERVER_PROT: unknown setting (did you mean POLESTAGE_SERVER_PORT?)"
            ),
            (["POLESTAGE_TLS_KEY": "/k.pem"], "POLESTAGE_TLS_KEY: unknown setting"),
            (
                ["POLESTAGE_SIGNING_KEYS": "k1:c2hvcnQ="],
                "POLESTAGE_SIGNING_KEYS: signing key 'k1' is 5 bytes long: an HMAC key needs at least 32 bytes"
            ),
        ]
    )
    func environmentErrors(environment: [String: String], message: String) throws {
        #expect(try refusal(environment: environment) == message)
    }

    @Test(
        "a flag at fault names the flag",
        arguments: [
            (["--port", "70000"], "--port: 70000 is not between 0 and 65535"),
            (["--grpc-port=-1"], "--grpc-port: -1 is not between 0 and 65535"),
            (["--log-format", "xml"], "--log-format: 'xml' is not one of auto, json, text"),
            (["--max-concurrent-streams", "0"], "--max-concurrent-streams: 0 is not between 1 and 2147483647"),
            (["--reservation-hold", "0"], "--reservation-hold: 0 is not between 1 and 2147483647"),
            (
                ["--tls-private-key", "/k.pem"],
                "--tls-private-key is set but [tls] certificate_chain is not: set both (--tls-certificate-chain, POLESTAGE_TLS_CERTIFICATE_CHAIN)"
            ),
        ]
    )
    func flagErrors(arguments: [String], message: String) throws {
        #expect(try refusal(arguments: arguments) == message)
    }

    @Test("a value is checked even when a later layer overrides it")
    func overriddenValuesAreChecked() throws {
        #expect(
            try refusal(toml: "[server]\nport = 70000\n", arguments: ["--port", "80"])
                == "polestage.toml: [server] port: 70000 is not between 0 and 65535"
        )
        #expect(
            try refusal(environment: ["POLESTAGE_SERVER_PORT": "abc"], arguments: ["--port", "80"])
                == "POLESTAGE_SERVER_PORT: 'abc' is not an integer"
        )
    }

    @Test("a missing configuration file is refused")
    func missingFile() throws {
        let message = try withTemporaryFolder { folder in
            let path = folder.appendingPathComponent("missing.toml").path
            do {
                _ = try ServeCommand.parse(["--config", path]).settings(environment: [:])
                return "started"
            } catch let error as ConfigurationError {
                return error.description.replacingOccurrences(of: folder.path + "/", with: "")
            }
        }
        #expect(message == "missing.toml: cannot read the configuration file: no such file")
    }
}
