import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import NIOPosix
import NIOSSL
import PoleStageInterop
import PoleStageProto
import PoleStageServer
import PoleStageTesting
import PoleStageWebSocketTransport
import SwiftProtobuf
import Testing

/// `ServerConfiguration.tls`: the HTTP port serves `https` and `wss`, the gRPC port gRPC over TLS, with a self-signed
/// certificate made for each test; plain-text clients fail and leave the server serving.
@Suite("TLS on both ports")
struct TLSTests {
    /// A test server whose ports serve TLS with a new self-signed certificate.
    static func withTLSServer<T: Sendable>(
        _ body: @Sendable (SelfSignedCertificate, ListeningAddresses) async throws -> T
    ) async throws -> T {
        let folder = URL.temporaryTestDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = try SelfSignedCertificate(in: folder.appendingPathComponent("tls"))
        var configuration = ServerConfiguration.testing(dataDirectory: folder.appendingPathComponent("data"))
        configuration.tls = TLSCertificateFiles(
            certificateChain: certificate.certificateChain,
            privateKey: certificate.privateKey
        )
        return try await withTestServer(configuration) { _, addresses in try await body(certificate, addresses) }
    }

    /// The WebSocket URL by name (`localhost`, as the certificate says), for a client checking the server's name.
    static func webSocketURL(_ addresses: ListeningAddresses, scheme: String = "wss") -> String {
        "\(scheme)://localhost:\(addresses.port)\(addresses.webSocketPath)"
    }

    /// Whether the server reports SERVING through `transport`.
    static func healthCheck(_ transport: some ClientTransport) async throws -> Bool {
        try await withTimeout {
            try await withGRPCClient(transport: transport) { client in
                let status = try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status
                return status == .serving
            }
        }
    }

    /// The gRPC port by name, over TLS trusting `certificate` only.
    static func grpcTransport(
        _ addresses: ListeningAddresses,
        trusting certificate: SelfSignedCertificate
    ) throws -> HTTP2ClientTransport.Posix {
        try HTTP2ClientTransport.Posix(
            target: .dns(host: "localhost", port: addresses.grpcPort),
            transportSecurity: .tls { tls in
                tls.trustRoots = .certificates([.bytes(Array(certificate.certificatePEM.utf8), format: .pem)])
            }
        )
    }

    @Test("the WebSocket port serves wss://: RPCs through our WebSocket client transport over TLS")
    func webSocketOverTLS() async throws {
        try await Self.withTLSServer { certificate, addresses in
            #expect(addresses.webSocketURL.hasPrefix("wss://"))
            let transport = WebSocketTransport.Client(
                url: Self.webSocketURL(addresses),
                tlsConfiguration: try certificate.clientConfiguration()
            )
            let response = try await withTimeout {
                try await withGRPCClient(transport: transport) { client in
                    #expect(try await Grpc_Health_V1_Health.Client(wrapping: client).check(.init()).status == .serving)
                    return try await Grpc_Testing_TestService.Client(wrapping: client).unaryCall(
                        .with { $0.responseSize = 100_000 }
                    )
                }
            }
            #expect(response.payload.body.count == 100_000)
        }
    }

    @Test("the HTTP port serves https: /healthz and /readyz")
    func httpsProbes() async throws {
        try await Self.withTLSServer { certificate, addresses in
            let tls = try certificate.clientConfiguration()
            let health = try await withTimeout { try await httpsGet(addresses, "/healthz", tls: tls) }
            #expect(health.status == 200 && health.body == "ok")
            let ready = try await withTimeout { try await httpsGet(addresses, "/readyz", tls: tls) }
            #expect(ready.status == 200)
        }
    }

    @Test("the gRPC port serves gRPC over TLS: grpc-swift-nio-transport's HTTP/2 client")
    func grpcOverTLS() async throws {
        try await Self.withTLSServer { certificate, addresses in
            let transport = try Self.grpcTransport(addresses, trusting: certificate)
            #expect(try await Self.healthCheck(transport))
        }
    }

    /// A client of the TLS server that must fail.
    enum WrongClient: String, CaseIterable, CustomTestStringConvertible {
        case plainWebSocket, plainGRPC, plainHTTP, untrustedWebSocket, untrustedGRPC
        var testDescription: String { self.rawValue }
    }

    @Test(
        "a plain-text or untrusting client of a TLS port fails cleanly, and the server goes on serving both ports",
        arguments: WrongClient.allCases
    )
    func wrongClientFails(client: WrongClient) async throws {
        try await Self.withTLSServer { certificate, addresses in
            switch client {
            case .plainWebSocket:
                let error = await #expect(throws: RPCError.self) {
                    try await Self.healthCheck(
                        WebSocketTransport.Client(url: Self.webSocketURL(addresses, scheme: "ws"))
                    )
                }
                #expect(error?.code == .unavailable)
            case .plainGRPC:
                let error = await #expect(throws: RPCError.self) {
                    try await Self.healthCheck(
                        HTTP2ClientTransport.Posix(
                            target: .ipv4(address: addresses.host, port: addresses.grpcPort),
                            transportSecurity: .plaintext
                        )
                    )
                }
                #expect(error?.code == .unavailable)
            case .plainHTTP:
                // A plain 400 that says why, and the connection closes.
                let plain = try await withTimeout { try await httpGet(addresses, "/healthz") }
                #expect(plain.status == 400)
                #expect(plain.body == "This port serves HTTPS: use https:// or wss://.\n")
            case .untrustedWebSocket:
                // The system's roots only: the self-signed certificate is not trusted.
                let error = await #expect(throws: RPCError.self) {
                    try await Self.healthCheck(
                        WebSocketTransport.Client(
                            url: Self.webSocketURL(addresses),
                            tlsConfiguration: TLSConfiguration.makeClientConfiguration()
                        )
                    )
                }
                #expect(error?.code == .unavailable)
            case .untrustedGRPC:
                let error = await #expect(throws: RPCError.self) {
                    try await Self.healthCheck(
                        HTTP2ClientTransport.Posix(
                            target: .dns(host: "localhost", port: addresses.grpcPort),
                            transportSecurity: .tls
                        )
                    )
                }
                #expect(error?.code == .unavailable)
            }

            // The server still serves, on both ports.
            let webSocketTransport = WebSocketTransport.Client(
                url: Self.webSocketURL(addresses),
                tlsConfiguration: try certificate.clientConfiguration()
            )
            #expect(try await Self.healthCheck(webSocketTransport))
            let grpcTransport = try Self.grpcTransport(addresses, trusting: certificate)
            #expect(try await Self.healthCheck(grpcTransport))
        }
    }

    @Test("an unusable certificate or key stops the server with the file's name")
    func unusableFiles() async throws {
        let folder = URL.temporaryTestDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try SelfSignedCertificate(in: folder.appendingPathComponent("first"))
        let second = try SelfSignedCertificate(in: folder.appendingPathComponent("second"))
        let garbage = folder.appendingPathComponent("garbage.pem")
        try "not a certificate".write(to: garbage, atomically: true, encoding: .utf8)
        let missing = folder.appendingPathComponent("missing.pem")

        func start(chain: URL, key: URL) async throws {
            var configuration = ServerConfiguration.testing(dataDirectory: folder.appendingPathComponent("data"))
            configuration.tls = TLSCertificateFiles(certificateChain: chain, privateKey: key)
            _ = try await PoleStageServer(configuration: configuration, logger: .testing)
        }

        let noCertificate = await #expect(throws: TLSCredentialsError.self) {
            try await start(chain: garbage, key: first.privateKey)
        }
        #expect(noCertificate == .noCertificate(path: garbage.path))

        let badKey = await #expect(throws: TLSCredentialsError.self) {
            try await start(chain: first.certificateChain, key: garbage)
        }
        #expect(badKey?.description.hasPrefix("\(garbage.path) holds no usable PEM private key") == true)

        let unreadable = await #expect(throws: TLSCredentialsError.self) {
            try await start(chain: missing, key: first.privateKey)
        }
        #expect(unreadable?.description.hasPrefix("cannot read \(missing.path)") == true)

        let mismatch = await #expect(throws: TLSCredentialsError.self) {
            try await start(chain: first.certificateChain, key: second.privateKey)
        }
        #expect(
            mismatch?.description.hasPrefix(
                "the private key \(second.privateKey.path) does not go with the certificate chain"
            ) == true
        )
    }
}

/// A GET over HTTPS to the HTTP port of a TLS test server, by IP with `localhost` as the name checked.
func httpsGet(
    _ addresses: ListeningAddresses,
    _ path: String,
    tls: TLSConfiguration
) async throws -> (status: Int, body: String) {
    let context = try NIOSSLContext(configuration: tls)
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: addresses.host, port: addresses.port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: "localhost")
                )
                return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    let response = try await channel.executeThenClose { inbound, outbound in
        try await outbound.write(
            ByteBuffer(string: "GET \(path) HTTP/1.1\r\nHost: localhost:\(addresses.port)\r\nConnection: close\r\n\r\n")
        )
        var response = ByteBuffer()
        do {
            for try await var chunk in inbound { response.writeBuffer(&chunk) }
        } catch NIOSSLError.uncleanShutdown {
            // The server may close the TCP connection without a close_notify after `Connection: close`.
        }
        return String(buffer: response)
    }
    let parts = response.components(separatedBy: "\r\n\r\n")
    let status = parts.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return (status, parts.dropFirst().joined(separator: "\r\n\r\n"))
}
